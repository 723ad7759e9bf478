// getppid_loop [N=1000]: exactly N getppid() syscalls (through syscall(2), so that no libc
// caching can skip one), nothing else after start-up.
#include <sys/syscall.h>
#include <unistd.h>

#include "workload.h"

int main(int argc, char** argv) {
  long n = workload::arg_long(argc, argv, 1, 1000);
  for (long i = 0; i < n; ++i) syscall(SYS_getppid);
  return 0;
}
