// Nanoseconds written as the decimal numbers the JSON formats want, exactly: a double would round
// them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace sysray::exporter {

std::string micros_text(int64_t ns);  // 1234567 -> "1234.567"
std::string millis_text(int64_t ns);  // 1234567 -> "1.234567"

// The formats count time from the first call's entry: epoch nanoseconds would lose digits in
// the doubles viewers read numbers into.
class TimeOrigin {
 public:
  // ts_ns minus the first ts_ns ever passed here.
  int64_t since(int64_t ts_ns) {
    if (!origin_ns_) origin_ns_ = ts_ns;
    return ts_ns - *origin_ns_;
  }
  int64_t origin_ns() const { return origin_ns_.value_or(0); }

 private:
  std::optional<int64_t> origin_ns_;
};

}  // namespace sysray::exporter
