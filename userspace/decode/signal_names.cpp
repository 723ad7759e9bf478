#include "decode/signal_names.h"

#include <string>

namespace sysray::decode {
namespace {

// x86_64 numbering, 1..31.
constexpr const char* kStandard[] = {
    nullptr,   "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",    "SIGTRAP",   "SIGABRT",
    "SIGBUS",  "SIGFPE",  "SIGKILL",   "SIGUSR1", "SIGSEGV",   "SIGUSR2",   "SIGPIPE",
    "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP",   "SIGTSTP",
    "SIGTTIN", "SIGTTOU", "SIGURG",    "SIGXCPU", "SIGXFSZ",   "SIGVTALRM", "SIGPROF",
    "SIGWINCH", "SIGIO",  "SIGPWR",    "SIGSYS",
};
constexpr int kKernelSigRtMin = 32;
constexpr int kKernelSigRtMax = 64;

}  // namespace

std::string signal_name(int sig) {
  if (sig > 0 && sig < kKernelSigRtMin) return kStandard[sig];
  if (sig == kKernelSigRtMin) return "SIGRTMIN";  // strace's name for 32; then SIGRT_1 ...
  if (sig >= kKernelSigRtMin && sig <= kKernelSigRtMax)
    return "SIGRT_" + std::to_string(sig - kKernelSigRtMin);
  return "";
}

}  // namespace sysray::decode
