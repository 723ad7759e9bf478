// `sysray count` output: the per-syscall summary as strace -c prints it (plus a max column),
// or as one JSON line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "format/latency_histogram.h"

namespace sysray {

struct SyscallCount {
  std::string name;
  uint64_t calls = 0;
  uint64_t errors = 0;
  uint64_t total_ns = 0;
  uint64_t max_ns = 0;
  std::optional<LatencyHistogram> latency;  // count --latency: the durations' log2 histogram
};

// Most total time first (strace -c's order); ties by name so that output is stable.
// Rows with no calls are dropped.
void sort_counts(std::vector<SyscallCount>& rows);

// The table, header to total line; with --latency, then each row's histogram in the table's
// order ("syscall = NAME" and BCC's chart; calls that never return, exit and exit_group, have
// no duration and no chart). Sorts a copy of `rows`.
void append_count_table(fmt::memory_buffer& buf, std::vector<SyscallCount> rows);

// {"type":"summary","syscalls":[...],"lost":N} and a newline; `interval` adds "interval":K
// (the K-th report of `count -i`); with --latency each syscall's object ends with its
// "histogram" (append_histogram_json). Sorts a copy of `rows`.
void append_count_json(fmt::memory_buffer& buf, std::vector<SyscallCount> rows, uint64_t lost,
                       std::optional<uint64_t> interval = std::nullopt);

}  // namespace sysray
