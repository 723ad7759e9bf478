// stack_loop [N=200000]: N getppid() calls two functions deep (main -> loop_outer ->
// loop_inner -> syscall(2)): the trace -k benchmark's workload (scripts/bench-stacks.sh).
#include <sys/syscall.h>
#include <unistd.h>

#include "workload.h"

__attribute__((noinline)) void loop_inner() {
  syscall(SYS_getppid);
  asm volatile("" ::: "memory");  // not a tail call
}

__attribute__((noinline)) void loop_outer(long n) {
  for (long i = 0; i < n; ++i) loop_inner();
  asm volatile("" ::: "memory");
}

int main(int argc, char** argv) {
  loop_outer(workload::arg_long(argc, argv, 1, 200000));
  return 0;
}
