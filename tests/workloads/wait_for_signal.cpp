// wait_for_signal [N=100] [INTERVAL_MS=200]: a long-running target for `sysray trace -p`.
// Prints its pid and a newline on stdout, then N times: sleep INTERVAL_MS, getppid(). Exits 0
// after N rounds or at the first SIGTERM/SIGINT. Syscalls, in order:
//   rt_sigaction(SIGTERM, ...), rt_sigaction(SIGINT, ...)
//   write(1, "PID\n", ...)
//   N times: clock_nanosleep(CLOCK_REALTIME, 0, {INTERVAL}, 0x...) = 0; getppid() = PARENT
// A signal in the middle of a sleep ends it with the remaining time written back.
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

namespace {
volatile sig_atomic_t stop = 0;
void on_signal(int) { stop = 1; }
}  // namespace

int main(int argc, char** argv) {
  long rounds = workload::arg_long(argc, argv, 1, 100);
  long interval_ms = workload::arg_long(argc, argv, 2, 200);

  struct sigaction sa {};
  sa.sa_handler = on_signal;  // no SA_RESTART: a signal ends the sleep at once
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  char line[32];
  int len = std::snprintf(line, sizeof(line), "%d\n", int(getpid()));
  workload::check(write(STDOUT_FILENO, line, len) == len, "write");

  timespec interval{interval_ms / 1000, interval_ms % 1000 * 1'000'000};
  for (long i = 0; i < rounds && !stop; ++i) {
    timespec remaining{};
    nanosleep(&interval, &remaining);
    if (stop) break;
    syscall(SYS_getppid);
  }
  return 0;
}
