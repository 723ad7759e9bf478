// execve's arguments as the BPF side captures them (SR_READ_ARGV, layout in sysray/events.h):
// argv as a string array, envp as its count, and the whole execve line they make.
#include <sys/syscall.h>

#include "decode/capture_render.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sysray;
  fuzz::Bytes in(data, size);
  Capture c = fuzz::take_capture(in, SR_READ_ARGV);
  decode::DecodedArg argv, envp;
  decode::render_argv(c, 0x7ffd0000, argv);
  decode::render_envp(c, 0x7ffd1000, envp);
  fuzz::print_arg(argv);
  fuzz::print_arg(envp);

  SyscallEvent ev;
  ev.type = SR_REC_SYSCALL;
  ev.nr = SYS_execve;
  ev.args[0] = 0x7ffd2000;  // the path: not captured here, printed as the pointer
  ev.args[1] = 0x7ffd0000;
  ev.args[2] = 0x7ffd1000;
  ev.cap[1] = std::move(c);  // argv's slot, after the path's
  fuzz::print_call(ev);
  return 0;
}
