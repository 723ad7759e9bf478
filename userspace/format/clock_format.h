// strace's -t / -tt time of day, in local time.
#pragma once
#include <cstdint>

#include <fmt/format.h>

namespace sysray {

// Appends "HH:MM:SS" (with_micros false) or "HH:MM:SS.uuuuuu" for `realtime_ns` (CLOCK_REALTIME
// nanoseconds since the epoch), in the local time zone.
// CLOCK_MONOTONIC now, in nanoseconds (the clock of bpf_ktime_get_ns()).
uint64_t monotonic_ns();
// What to add to a CLOCK_MONOTONIC time to get CLOCK_REALTIME, both in nanoseconds.
int64_t realtime_offset_ns();

void append_time_of_day(fmt::memory_buffer& buf, int64_t realtime_ns, bool with_micros);

}  // namespace sysray
