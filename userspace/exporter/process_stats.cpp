#include "exporter/process_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace sysray::exporter {

std::optional<ProcessStats> parse_statm(std::string_view text, uint64_t page_size) {
  uint64_t pages[2] = {};
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (auto& n : pages) {
    while (p < end && *p == ' ') ++p;
    auto [next, ec] = std::from_chars(p, end, n);
    if (ec != std::errc()) return std::nullopt;
    p = next;
  }
  ProcessStats s;
  s.virtual_bytes = pages[0] * page_size;
  s.resident_bytes = pages[1] * page_size;
  return s;
}

ProcessStats read_self_stats() {
  ProcessStats s;
  std::ifstream in("/proc/self/statm");
  std::stringstream text;
  text << in.rdbuf();
  if (auto m = parse_statm(text.str(), static_cast<uint64_t>(sysconf(_SC_PAGESIZE)))) s = *m;
  rusage ru{};
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    auto seconds = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
    s.cpu_seconds = seconds(ru.ru_utime) + seconds(ru.ru_stime);
  }
  return s;
}

std::vector<MetricFamily> process_families(const ProcessStats& s) {
  return {
      {"sysray_process_cpu_seconds", "CPU time sysray's own process used (user and system)",
       MetricType::Counter, {{"_total", {}, s.cpu_seconds}}},
      {"sysray_process_resident_memory_bytes", "sysray's resident memory", MetricType::Gauge,
       {{"", {}, static_cast<double>(s.resident_bytes)}}},
      {"sysray_process_virtual_memory_bytes", "sysray's virtual memory size", MetricType::Gauge,
       {{"", {}, static_cast<double>(s.virtual_bytes)}}},
  };
}

}  // namespace sysray::exporter
