#include "cli/duration.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <string_view>

#include "util/user_error.h"

namespace sysray {

uint64_t parse_duration_ns(const std::string& text, const char* option) {
  auto bad = [&] {
    return UserError(fmt::format("invalid {} value '{}': expected a duration such as 5s, 250ms, "
                                 "2m or 1h",
                                 option, text));
  };
  if (text.empty()) throw bad();
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(value) || value < 0) throw bad();
  std::string_view unit(end);
  double scale;
  if (unit.empty() || unit == "s")
    scale = 1e9;
  else if (unit == "ms")
    scale = 1e6;
  else if (unit == "us")
    scale = 1e3;
  else if (unit == "m" || unit == "min")
    scale = 60e9;
  else if (unit == "h")
    scale = 3600e9;
  else
    throw bad();
  double ns = value * scale;
  if (ns >= 1.8e19) throw bad();
  return static_cast<uint64_t>(ns);
}

}  // namespace sysray
