// sysray's own cost, as Prometheus' client libraries export a process's (process_cpu_seconds_total,
// process_resident_memory_bytes), prefixed sysray_ so they never clash with another exporter's.
// The BPF programs' time is not in here: it is spent in the traced threads.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "exporter/metrics_text.h"

namespace sysray::exporter {

struct ProcessStats {
  double cpu_seconds = 0;       // user + system, every thread
  uint64_t resident_bytes = 0;
  uint64_t virtual_bytes = 0;
};

// This process, now (getrusage and /proc/self/statm).
ProcessStats read_self_stats();
// /proc/PID/statm's text ("size resident shared ...", in pages) into bytes; nullopt if malformed.
std::optional<ProcessStats> parse_statm(std::string_view text, uint64_t page_size);

std::vector<MetricFamily> process_families(const ProcessStats& stats);

}  // namespace sysray::exporter
