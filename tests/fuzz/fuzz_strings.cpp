// Captured strings and buffers (paths, write's data, read's and getrandom's returned bytes),
// quoted as strace quotes them and escaped for JSON.
#include "decode/capture_render.h"
#include "decode/string_escape.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sysray;
  fuzz::Bytes in(data, size);
  bool path = in.take<uint8_t>() & 1;
  Capture c = fuzz::take_capture(in, path ? SR_READ_STRING : SR_READ_BYTES);
  bool truncated = c.flags & SR_CAPF_TRUNCATED;
  decode::quote_bytes(c.data, truncated);
  decode::quote_hex(c.data, truncated);
  decode::quote_c_string(c.data, truncated);
  decode::DecodedArg arg;
  (path ? decode::render_path : decode::render_buffer)(c, 0x7ffd0000, arg);
  fuzz::print_arg(arg);
  return 0;
}
