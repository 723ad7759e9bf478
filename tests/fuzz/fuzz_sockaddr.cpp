// A captured struct sockaddr (bind, connect, sendto, accept's peer) or struct msghdr's peer
// (sendmsg/recvmsg): the first byte picks which, the rest is the capture. strace's text, the
// structured form and the JSON object.
#include "decode/capture_render.h"
#include "decode/sockaddr.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sysray;
  fuzz::Bytes in(data, size);
  bool msghdr = in.take<uint8_t>() & 1;
  Capture c = fuzz::take_capture(in, SR_READ_BYTES);
  decode::parse_sockaddr(c.data);
  decode::format_sockaddr(c.data);
  decode::DecodedArg arg;
  (msghdr ? decode::render_msghdr : decode::render_sockaddr)(c, 0x7ffd0000, arg);
  fuzz::print_arg(arg);
  return 0;
}
