#include "export/time_text.h"

#include <fmt/format.h>

namespace sysray::exporter {
namespace {

std::string fixed_point(int64_t ns, int64_t unit, int digits) {
  const char* sign = ns < 0 ? "-" : "";
  uint64_t magnitude = ns < 0 ? 0 - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
  return fmt::format("{}{}.{:0{}}", sign, magnitude / unit, magnitude % unit, digits);
}

}  // namespace

std::string micros_text(int64_t ns) { return fixed_point(ns, 1000, 3); }
std::string millis_text(int64_t ns) { return fixed_point(ns, 1000000, 6); }

}  // namespace sysray::exporter
