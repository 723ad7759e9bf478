#include "format/latency_histogram.h"

#include <algorithm>
#include <string>

#include "format/buffer_append.h"

namespace sysray {

void LatencyHistogram::add(const sr_log2_hist& h) {
  for (size_t i = 0; i < slots.size(); ++i) slots[i] += h.slots[i];
}

uint64_t LatencyHistogram::total() const {
  uint64_t n = 0;
  for (uint64_t v : slots) n += v;
  return n;
}

LatencyHistogram sum_per_cpu(const std::vector<sr_log2_hist>& per_cpu) {
  LatencyHistogram h;
  for (const auto& cpu : per_cpu) h.add(cpu);
  return h;
}

namespace {

// BCC's print_stars: `width` columns, a '+' when the value exceeds the scale's maximum.
void append_stars(fmt::memory_buffer& buf, uint64_t val, uint64_t val_max, int width) {
  auto stars = static_cast<int>(std::min(val, val_max) * width / val_max);
  append(buf, std::string(stars, '*'));
  append(buf, std::string(width - stars, ' '));
  if (val > val_max) buf.push_back('+');
}

}  // namespace

void append_log2_hist_text(fmt::memory_buffer& buf, const LatencyHistogram& h,
                           std::string_view unit) {
  int idx_max = -1;
  uint64_t val_max = 0;
  for (int i = 0; i < SR_LOG2_SLOTS; ++i) {
    if (h.slots[i]) idx_max = i;
    val_max = std::max(val_max, h.slots[i]);
  }
  if (idx_max < 0) return;
  bool narrow = idx_max <= 32;
  fmt::format_to(std::back_inserter(buf), "{:{}}{:<{}} : count    distribution\n", "",
                 narrow ? 5 : 15, unit, narrow ? 19 : 29);
  int width = narrow ? 10 : 20;
  int stars = narrow ? 40 : 20;
  for (int i = 0; i <= idx_max; ++i) {
    fmt::format_to(std::back_inserter(buf), "{:>{}} -> {:<{}} : {:<8} |", sr_log2_slot_low(i),
                   width, sr_log2_slot_high(i), width, h.slots[i]);
    append_stars(buf, h.slots[i], val_max, stars);
    append(buf, "|\n");
  }
}

void append_histogram_json(fmt::memory_buffer& buf, const LatencyHistogram& h) {
  append(buf, ",\"histogram\":[");
  bool first = true;
  for (int i = 0; i < SR_LOG2_SLOTS; ++i) {
    if (!h.slots[i]) continue;
    fmt::format_to(std::back_inserter(buf), "{}{{\"le_ns\":{},\"count\":{}}}", first ? "" : ",",
                   sr_log2_slot_high(i), h.slots[i]);
    first = false;
  }
  append(buf, "]");
}

}  // namespace sysray
