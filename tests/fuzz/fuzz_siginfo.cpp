// A signal delivered to a traced thread (SR_REC_SIGNAL): the kernel's siginfo as captured,
// rendered and printed as trace prints the "--- SIGCHLD {...} ---" line, text and JSON. The
// capture may carry SR_CAPF_FAULT: trace renders it without readable_capture()'s check.
#include "decode/capture_render.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sysray;
  fuzz::Bytes in(data, size);
  SyscallEvent ev;
  ev.type = SR_REC_SIGNAL;
  ev.tid = ev.pid = 4242;
  ev.args[0] = in.take<uint8_t>();  // the signal number, as the BPF side sends it
  ev.cap[0] = fuzz::take_capture(in, SR_READ_BYTES, /*readable=*/false);
  decode::DecodedArg siginfo;
  decode::render_siginfo(ev.cap[0], 0, siginfo);
  fmt::memory_buffer buf;
  fuzz::text_output().signal(buf, ev, siginfo);
  fuzz::json_output().signal(buf, ev, siginfo);
  return 0;
}
