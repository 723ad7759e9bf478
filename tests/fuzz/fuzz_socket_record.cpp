// One `sysray sockets` ring record (sr_socket_record + payload), parsed and printed as the
// sockets command prints it, in text and JSON.
#include "fuzz_support.h"
#include "sockets/socket_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sysray;
  std::string error;
  auto ev = sockets::parse_socket_record(data, size, &error);
  if (!ev) return 0;
  fmt::memory_buffer buf;
  fuzz::text_output().socket_event(buf, *ev);
  fuzz::json_output().socket_event(buf, *ev);
  return 0;
}
