// exporter --sockets: sysray_socket_events_total{comm,event,proto} and
// sysray_socket_errors_total{comm,event,proto,errno}, from the kernel's counts per (comm,
// event, protocol, errno) read at scrape time. Pure: unit-tested without a kernel.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "exporter/metrics_text.h"
#include "exporter/series_limiter.h"

namespace sysray::exporter {

struct SocketSnapshot {
  // One key of the kernel's hash: `events` of `event` ("bind") on `proto` ("udp") sockets by
  // `comm` that returned errno `err` (0: succeeded).
  struct CommEvents {
    std::string comm;  // raw bytes, as the kernel holds them
    std::string event;
    std::string proto;
    int err = 0;
    uint64_t events = 0;
  };
  // Events the full kernel hash had no room for, per event: comm, proto and errno "other".
  struct Unattributed {
    std::string event;
    uint64_t events = 0;
  };
  std::vector<CommEvents> events;
  std::vector<Unattributed> unattributed;
};

// The two families. Series are admitted through `limiter` (shared with the syscall families)
// in a fixed order, as syscall_families does.
std::vector<MetricFamily> socket_families(const SocketSnapshot& snapshot, SeriesLimiter& limiter);

}  // namespace sysray::exporter
