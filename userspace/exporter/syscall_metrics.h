// The syscall metric families of `sysray exporter`, from what the kernel maps held at scrape
// time: calls per (comm, syscall), errors per (comm, syscall, errno), and a duration histogram
// per syscall built from the in-kernel log2 slots. Pure: unit-tested without a kernel.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "exporter/metrics_text.h"
#include "exporter/series_limiter.h"
#include "format/latency_histogram.h"

namespace sysray::exporter {

struct SyscallSnapshot {
  // One key of the kernel's per-comm hash: calls of `syscall` by `comm` that returned errno
  // `err` (0: succeeded).
  struct CommCalls {
    std::string comm;      // raw bytes, as the kernel holds them
    std::string syscall;
    int err = 0;
    uint64_t calls = 0;
  };
  // Calls the full kernel hash had no room for: shown under comm "other" (errors: errno "other").
  struct Unattributed {
    std::string syscall;
    uint64_t calls = 0;
    uint64_t errors = 0;
  };
  struct Durations {
    std::string syscall;
    LatencyHistogram histogram;  // log2 slots of ns
    uint64_t total_ns = 0;
  };
  std::vector<CommCalls> calls;
  std::vector<Unattributed> unattributed;
  std::vector<Durations> durations;
};

// The histogram's buckets: log2 slot i ends at 2^(i+1) - 1 ns (inclusive), so a bucket
// le=(2^(i+1) - 1) ns holds exactly slots 0..i. Slots below the first bucket fold into it and
// slots past the last only into +Inf: 26 buckets, about 1 µs to 17 s, the same for every syscall
// and every scrape (Prometheus wants stable bucket sets).
constexpr int kFirstBucketSlot = 9;
constexpr int kLastBucketSlot = 33;

// sysray_syscalls_total, sysray_syscall_errors_total, sysray_syscall_duration_seconds, and
// sysray_series_folded_total. Series are admitted through `limiter` in a fixed order (comm,
// syscall, errno), so that which ones keep their own series does not depend on hash order.
std::vector<MetricFamily> syscall_families(const SyscallSnapshot& snapshot, SeriesLimiter& limiter);

// The errno label: "ENOENT", or the number for one without a name.
std::string errno_label_value(int err);

}  // namespace sysray::exporter
