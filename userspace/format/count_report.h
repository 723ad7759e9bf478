// `sysray count` output: the per-syscall summary as strace -c prints it (plus a max column),
// or as one JSON line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace sysray {

struct SyscallCount {
  std::string name;
  uint64_t calls = 0;
  uint64_t errors = 0;
  uint64_t total_ns = 0;
  uint64_t max_ns = 0;
};

// Most total time first (strace -c's order); ties by name so that output is stable.
// Rows with no calls are dropped.
void sort_counts(std::vector<SyscallCount>& rows);

// The table, header to total line. Sorts a copy of `rows`.
void append_count_table(fmt::memory_buffer& buf, std::vector<SyscallCount> rows);

// {"type":"summary","syscalls":[...],"lost":N} and a newline; `interval` adds "interval":K
// (the K-th report of `count -i`). Sorts a copy of `rows`.
void append_count_json(fmt::memory_buffer& buf, std::vector<SyscallCount> rows, uint64_t lost,
                       std::optional<uint64_t> interval = std::nullopt);

}  // namespace sysray
