// A Go function table (.gopclntab) as trace -k and inflight read it from a Go binary: the header
// and functab checked by from_bytes, then every lookup the symbolizer and Go unwinder make
// (function names, entries, source lines, frame sizes) at addresses in and around each function.
// The first 8 input bytes stand in for the text start a PIE's header may lack.
#include <vector>

#include "fuzz_support.h"
#include "stacks/go_pclntab.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sysray::stacks::GoPclntab;
  sysray::fuzz::Bytes in(data, size);
  uint64_t text_start = in.take<uint64_t>();
  std::string rest = in.rest();
  auto table = GoPclntab::from_bytes(std::vector<uint8_t>(rest.begin(), rest.end()), text_start);
  if (!table) return 0;
  // Bounded: a table may claim as many functions as it has bytes.
  size_t n = std::min<size_t>(table->function_count(), 64);
  for (size_t i = 0; i < n; ++i) {
    auto f = table->function(i);
    if (!f) continue;
    for (uint64_t pc : {f->entry, f->entry + (f->end - f->entry) / 2, f->end - 1, f->end}) {
      table->lookup(pc);
      table->source_line(pc);
      table->frame_size(pc);
    }
  }
  table->lookup(table->text_begin() - 1);
  table->lookup(table->text_end());
  return 0;
}
