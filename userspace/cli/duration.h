// Durations given on the command line: "5s", "250ms", "2m", "1h", "1.5s"; a bare number is
// seconds.
#pragma once
#include <cstdint>
#include <string>

namespace sysray {

// Nanoseconds. Throws UserError naming `option` when the text is not such a duration.
uint64_t parse_duration_ns(const std::string& text, const char* option);

}  // namespace sysray
