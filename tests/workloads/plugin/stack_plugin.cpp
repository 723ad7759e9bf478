// libstack_plugin.so: loaded by the stack_dlopen workload with dlopen, after the process (and so
// sysray's view of its mappings) started. Its one function makes a getppid call of its own, so
// that trace -k must name a frame in an object that was not mapped at exec.
#include <sys/syscall.h>
#include <unistd.h>

extern "C" __attribute__((noinline, visibility("default"))) void plugin_getppid() {
  syscall(SYS_getppid);
  asm volatile("" ::: "memory");  // not a tail call
}
