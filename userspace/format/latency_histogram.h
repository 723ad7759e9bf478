// Log2 latency histograms (include/sysray/latency.h's slots) as BCC's funclatency and syscount
// -L print them, and as JSON: what `count --latency` and `funclatency` show.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "sysray/latency.h"

namespace sysray {

struct LatencyHistogram {
  std::array<uint64_t, SR_LOG2_SLOTS> slots{};

  // Adds one CPU's (or one interval's) slots.
  void add(const sr_log2_hist& h);
  uint64_t total() const;
  bool empty() const { return total() == 0; }
};

// The sum of per-CPU histograms as the kernel map returns them (one value per possible CPU).
LatencyHistogram sum_per_cpu(const std::vector<sr_log2_hist>& per_cpu);

// BCC's print_log2_hist: a header naming `unit`, then one "LOW -> HIGH : COUNT |***|" line per
// slot from 0 to the last non-empty one (40 stars at most, 20 and wider columns when a slot
// beyond 32 is used). Nothing for an empty histogram.
void append_log2_hist_text(fmt::memory_buffer& buf, const LatencyHistogram& h,
                           std::string_view unit = "nsecs");

// ,"histogram":[{"le_ns":N,"count":N},...]: the non-empty slots, shortest first. `le_ns` is the
// slot's inclusive upper bound in ns; `count` is the calls in that slot alone (not cumulative).
void append_histogram_json(fmt::memory_buffer& buf, const LatencyHistogram& h);

}  // namespace sysray
