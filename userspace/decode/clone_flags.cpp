// clone(2)'s flags argument of flags.h.
#include <linux/sched.h>

#include <string>

#include "decode/flags.h"
#include "decode/signal_names.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

// strace's list: CLONE_DETACHED (ignored by the kernel) is left to print as 0x400000, and the
// clone3-only bits above 32 (CLONE_CLEAR_SIGHAND ...) as hex too.
constexpr XlatEntry kCloneFlags[] = {
    SR_XLAT(CLONE_VM),          SR_XLAT(CLONE_FS),           SR_XLAT(CLONE_FILES),
    SR_XLAT(CLONE_SIGHAND),     SR_XLAT(CLONE_PIDFD),        SR_XLAT(CLONE_PTRACE),
    SR_XLAT(CLONE_VFORK),       SR_XLAT(CLONE_PARENT),       SR_XLAT(CLONE_THREAD),
    SR_XLAT(CLONE_NEWNS),       SR_XLAT(CLONE_SYSVSEM),      SR_XLAT(CLONE_SETTLS),
    SR_XLAT(CLONE_PARENT_SETTID), SR_XLAT(CLONE_CHILD_CLEARTID), SR_XLAT(CLONE_UNTRACED),
    SR_XLAT(CLONE_CHILD_SETTID), SR_XLAT(CLONE_NEWCGROUP),   SR_XLAT(CLONE_NEWUTS),
    SR_XLAT(CLONE_NEWIPC),      SR_XLAT(CLONE_NEWUSER),      SR_XLAT(CLONE_NEWPID),
    SR_XLAT(CLONE_NEWNET),      SR_XLAT(CLONE_IO),
};

}  // namespace

// The low byte is the signal sent to the parent when the child exits: "...|SIGCHLD".
std::string format_clone_flags(uint64_t flags) {
  std::string out = xlat_flags(kCloneFlags, flags & ~uint64_t{CSIGNAL}, "CLONE_???");
  if (int sig = static_cast<int>(flags & CSIGNAL)) {
    std::string name = signal_name(sig);
    append_flag(out, name.empty() ? std::to_string(sig) : name);
  }
  return out.empty() ? "0" : out;
}

}  // namespace sysray::decode
