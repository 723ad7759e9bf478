// A Go function table (.gopclntab) as trace -k and inflight read it from a Go binary: the header
// and functab checked by from_bytes, then every lookup the symbolizer and Go unwinder make.
// The first 8 input bytes stand in for the text start a PIE's header may lack.
#include <vector>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sysray::stacks::GoPclntab;
  sysray::fuzz::Bytes in(data, size);
  uint64_t text_start = in.take<uint64_t>();
  std::string rest = in.rest();
  auto table = GoPclntab::from_bytes(std::vector<uint8_t>(rest.begin(), rest.end()), text_start);
  if (!table) return 0;
  sysray::fuzz::walk_go_table(*table);
  return 0;
}
