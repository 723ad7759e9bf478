// exporter_calls [GETPPIDS=1000] [MISSING_OPENS=37] [MISSING=/nonexistent/sysray-exporter]: a
// target for `sysray exporter -p`, which must be watching before the counted calls start.
// Prints its pid and a newline on stdout, waits for SIGUSR1, then makes exactly GETPPIDS
// getppid() calls and MISSING_OPENS openat(MISSING) calls that fail with ENOENT, prints "done"
// and a newline, and waits for SIGTERM or SIGINT (exit 0). Waiting is sigwait (rt_sigtimedwait):
// no getppid or openat outside the counted ones.
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <initializer_list>

#include "workload.h"

namespace {

void say(const char* text, int len) { workload::check(write(STDOUT_FILENO, text, len) == len, "write"); }

int wait_for(std::initializer_list<int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : signals) sigaddset(&set, s);
  int sig = 0;
  workload::check(sigwait(&set, &sig) == 0, "sigwait");
  return sig;
}

}  // namespace

int main(int argc, char** argv) {
  long getppids = workload::arg_long(argc, argv, 1, 1000);
  long missing_opens = workload::arg_long(argc, argv, 2, 37);
  const char* missing = workload::arg_str(argc, argv, 3, "/nonexistent/sysray-exporter");

  // Blocked before the pid goes out: a signal sent once the line is read is never lost.
  sigset_t all;
  sigemptyset(&all);
  for (int s : {SIGUSR1, SIGTERM, SIGINT}) sigaddset(&all, s);
  workload::check(sigprocmask(SIG_BLOCK, &all, nullptr) == 0, "sigprocmask");

  char line[32];
  int len = std::snprintf(line, sizeof(line), "%d\n", int(getpid()));
  say(line, len);
  if (wait_for({SIGUSR1, SIGTERM, SIGINT}) != SIGUSR1) return 0;

  for (long i = 0; i < getppids; ++i) syscall(SYS_getppid);
  for (long i = 0; i < missing_opens; ++i) {
    int fd = openat(AT_FDCWD, missing, O_RDONLY);
    if (fd >= 0 || errno != ENOENT) {
      std::fprintf(stderr, "exporter_calls: %s: expected ENOENT\n", missing);
      return 1;
    }
  }
  say("done\n", 5);
  wait_for({SIGTERM, SIGINT});
  return 0;
}
