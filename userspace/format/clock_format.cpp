#include "format/clock_format.h"

#include <time.h>

#include <cstring>

namespace sysray {

uint64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int64_t realtime_offset_ns() {
  timespec mono, real;
  clock_gettime(CLOCK_MONOTONIC, &mono);
  clock_gettime(CLOCK_REALTIME, &real);
  return (int64_t(real.tv_sec) - mono.tv_sec) * 1'000'000'000 + (real.tv_nsec - mono.tv_nsec);
}

namespace {

constexpr int64_t kNsPerSec = 1'000'000'000;

// localtime_r() takes a lock and may stat the zone file: far too slow for every line of a
// 400k-lines/s trace. Lines come in time order, so the last second's rendering is almost
// always the one needed.
struct SecondCache {
  int64_t sec = INT64_MIN;
  char hms[9] = {};  // "HH:MM:SS"
};

const char* hms_of(int64_t sec) {
  thread_local SecondCache cache;
  if (cache.sec != sec) {
    time_t t = static_cast<time_t>(sec);
    struct tm tm {};
    localtime_r(&t, &tm);
    char tmp[16];
    strftime(tmp, sizeof(tmp), "%H:%M:%S", &tm);
    std::memcpy(cache.hms, tmp, sizeof(cache.hms));
    cache.sec = sec;
  }
  return cache.hms;
}

}  // namespace

void append_time_of_day(fmt::memory_buffer& buf, int64_t realtime_ns, bool with_micros) {
  // Floor division: a time before the epoch still splits into a second and a positive fraction.
  int64_t sec = realtime_ns / kNsPerSec;
  int64_t frac = realtime_ns % kNsPerSec;
  if (frac < 0) {
    frac += kNsPerSec;
    --sec;
  }
  const char* hms = hms_of(sec);
  buf.append(hms, hms + 8);
  if (with_micros) fmt::format_to(std::back_inserter(buf), ".{:06}", frac / 1000);
}

}  // namespace sysray
