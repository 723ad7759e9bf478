// sysray-stacks-bench: the userspace cost of trace -k per stack. One snapshot of this process
// (taken in a qsort callback, so glibc's frames need CFI) is unwound and named N times, as a hot
// loop's calls would be: stacks per second and the caches' hit rates. A benchmark, run by hand
// or by scripts (timings do not belong in pass/fail tests).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "stacks/frame_format.h"
#include "stacks/symbolizer.h"
#include "stacks/unwinder.h"
#include "test_stacks_capture.h"

using namespace sysray::stacks;

namespace {

double rate(uint64_t hits, uint64_t misses) { return hits + misses ? 100.0 * hits / (hits + misses) : 0; }

}  // namespace

int main(int argc, char** argv) {
  long n = argc > 1 ? std::atol(argv[1]) : 200000;
  stacks_test_outer(stacks_test_leaf);
  const test::CapturedStack& snapshot = stacks_test_captured;
  auto maps = ProcMaps::read(getpid());
  if (!maps) return 1;
  ObjectCache objects;
  Unwinder unwinder(objects);
  Symbolizer symbolizer(objects);
  std::vector<UnwoundFrame> pcs;
  size_t frames = 0, bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    unwinder.unwind(snapshot.snapshot(), *maps, pcs);
    std::vector<Frame> named = symbolizer.symbolize(pcs, *maps);
    frames += named.size();
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  // The same with each frame printed as strace's line (what trace -k does after the call).
  auto start_text = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    unwinder.unwind(snapshot.snapshot(), *maps, pcs);
    for (const Frame& f : symbolizer.symbolize(pcs, *maps)) bytes += strace_line(f).size() + 1;
  }
  std::chrono::duration<double> took_text = std::chrono::steady_clock::now() - start_text;
  fmt::print("{} stacks of {} frames ({} bytes copied)\n", n, frames / static_cast<size_t>(n ? n : 1),
             snapshot.bytes.size());
  fmt::print("unwind+symbolize: {:.3f} s, {:.0f} stacks/s\n", took.count(), n / took.count());
  fmt::print("unwind+symbolize+strace lines: {:.3f} s, {:.0f} stacks/s ({} bytes of text)\n", took_text.count(),
             n / took_text.count(), bytes);
  fmt::print("frame rules cache: {:.4f}% hits ({} hits, {} misses)\n",
             rate(unwinder.rule_hits(), unwinder.rule_misses()), unwinder.rule_hits(), unwinder.rule_misses());
  fmt::print("symbol cache: {:.4f}% hits ({} hits, {} misses)\n",
             rate(symbolizer.cache_hits(), symbolizer.cache_misses()), symbolizer.cache_hits(),
             symbolizer.cache_misses());
  for (const Frame& f : symbolizer.symbolize(pcs, *maps)) fmt::print("{}\n", strace_line(f));
  return 0;
}
