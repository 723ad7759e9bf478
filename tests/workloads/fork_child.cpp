// fork_child [PATH=/nonexistent/sysray-fork-child]: the child makes a syscall the parent never
// makes, so a trace shows whether children are followed. Syscalls, in order:
//   parent: clone(... SIGCHLD ...) = CHILD        (glibc's fork)
//   child:  openat(AT_FDCWD, PATH, O_RDONLY) = -1 ENOENT (for the default PATH)
//   child:  getppid() = PARENT
//   child:  exit_group(0)
//   parent: wait4(CHILD, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = CHILD
// Exit 0 when the child exited 0.
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

int main(int argc, char** argv) {
  const char* path = workload::arg_str(argc, argv, 1, "/nonexistent/sysray-fork-child");

  pid_t child = fork();
  workload::check(child >= 0, "fork");
  if (child == 0) {
    int fd = openat(AT_FDCWD, path, O_RDONLY);
    if (fd >= 0) close(fd);
    syscall(SYS_getppid);
    _exit(0);
  }

  int status = 0;
  workload::check(waitpid(child, &status, 0) == child, "waitpid");
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
