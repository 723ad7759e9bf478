// wait4(2)'s status word and options, of flags.h.
#include <sys/wait.h>

#include <string>

#include <fmt/format.h>

#include "decode/flags.h"
#include "decode/signal_names.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

// WUNTRACED is WSTOPPED: strace names it WSTOPPED.
constexpr XlatEntry kWaitOptions[] = {
    SR_XLAT(WNOHANG),     SR_XLAT(WSTOPPED), SR_XLAT(WEXITED), SR_XLAT(WCONTINUED),
    SR_XLAT(WNOWAIT),     SR_XLAT(__WNOTHREAD), SR_XLAT(__WALL), SR_XLAT(__WCLONE),
};

std::string signal_text(int sig) {
  std::string name = signal_name(sig);
  return name.empty() ? std::to_string(sig) : name;
}

}  // namespace

std::string format_wait_options(uint64_t options) {
  std::string out = xlat_flags(kWaitOptions, options, "W???");
  return out.empty() ? "0" : out;
}

std::string format_wait_status(int status) {
  if (WIFEXITED(status)) return fmt::format("{{WIFEXITED(s) && WEXITSTATUS(s) == {}}}", WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return fmt::format("{{WIFSIGNALED(s) && WTERMSIG(s) == {}{}}}", signal_text(WTERMSIG(status)),
                       WCOREDUMP(status) ? " && WCOREDUMP(s)" : "");
  if (WIFSTOPPED(status)) return fmt::format("{{WIFSTOPPED(s) && WSTOPSIG(s) == {}}}", signal_text(WSTOPSIG(status)));
  if (WIFCONTINUED(status)) return "{WIFCONTINUED(s)}";
  return fmt::format("{:#x}", static_cast<unsigned>(status));
}

}  // namespace sysray::decode
