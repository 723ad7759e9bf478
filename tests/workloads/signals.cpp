// signals [EXIT=7]: signals delivered with known siginfo, and processes that end in known ways,
// for the `--- SIG... ---` and `+++ ... +++` lines. SIGTERM is blocked from the start, so each
// handler's return is rt_sigreturn({mask=[TERM]}). In order:
//   1. kill(getpid(), SIGUSR1)              --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, ...}
//   2. tgkill(getpid(), gettid(), SIGUSR2)  --- SIGUSR2 {..., si_code=SI_TKILL, ...}
//   3. rt_sigqueueinfo(getpid(), SIGUSR1, si_int=42)  --- SIGUSR1 {..., si_code=SI_QUEUE,
//      si_pid=PID, si_uid=UID, si_int=42, si_ptr=0x2a}
//   4. a child that exits with 3:           [child] +++ exited with 3 +++, then
//      --- SIGCHLD {..., si_code=CLD_EXITED, si_pid=CHILD, ..., si_status=3, ...} in the parent
//   5. a child that blocks in pause() and is killed: [child] +++ killed by SIGKILL +++, then
//      --- SIGCHLD {..., si_code=CLD_KILLED, ..., si_status=SIGKILL, ...}
//   6. exit_group(EXIT):                    +++ exited with EXIT +++
// Each signal has a handler: a signal whose action is SIG_DFL-and-ignore (SIGCHLD) is dropped
// when it is sent unless someone ptraces the process, so without one nothing would be
// delivered outside strace. Prints "CHILD_PID\n" for 4 and 5 on stdout.
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

namespace {

void on_signal(int) {}

void handle(int sig) {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  workload::check(sigaction(sig, &sa, nullptr) == 0, "sigaction");
}

void print_pid(pid_t pid) {
  char line[32];
  int len = std::snprintf(line, sizeof(line), "%d\n", int(pid));
  workload::check(write(STDOUT_FILENO, line, len) == len, "write");
}

// Waits for `child` and checks how it ended (a wrong status fails the workload, not the test).
void reap(pid_t child, bool (*expected)(int status)) {
  int status = 0;
  workload::check(waitpid(child, &status, 0) == child, "waitpid");
  workload::check(expected(status), "child status");
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = static_cast<int>(workload::arg_long(argc, argv, 1, 7));
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  workload::check(sigprocmask(SIG_BLOCK, &term, nullptr) == 0, "sigprocmask");
  handle(SIGUSR1);
  handle(SIGUSR2);
  handle(SIGCHLD);

  workload::check(kill(getpid(), SIGUSR1) == 0, "kill");
  workload::check(syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2) == 0, "tgkill");
  workload::check(sigqueue(getpid(), SIGUSR1, sigval{.sival_int = 42}) == 0, "sigqueue");

  pid_t child = fork();
  workload::check(child >= 0, "fork");
  if (child == 0) _exit(3);
  reap(child, [](int s) { return WIFEXITED(s) && WEXITSTATUS(s) == 3; });
  print_pid(child);

  // The child blocks in pause() until killed; the pipe tells the parent it got there first.
  int ready[2];
  workload::check(pipe(ready) == 0, "pipe");
  child = fork();
  workload::check(child >= 0, "fork");
  if (child == 0) {
    close(ready[0]);
    close(ready[1]);  // EOF: the parent may go on; the child's next call is pause()
    pause();
    _exit(1);
  }
  close(ready[1]);
  char byte;
  workload::check(read(ready[0], &byte, 1) == 0, "read");
  usleep(100'000);  // let the child reach pause()
  workload::check(kill(child, SIGKILL) == 0, "kill");
  reap(child, [](int s) { return WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL; });
  print_pid(child);
  return exit_code;
}
