// JSON string literals written by hand (the JSON formatters build lines directly into a buffer:
// several times faster than building nlohmann::json objects per event).
#pragma once
#include <string_view>

#include <fmt/format.h>

namespace sysray {

// Appends `bytes` as a quoted JSON string. Valid UTF-8 passes through; control characters and
// every byte that is not part of a valid UTF-8 sequence become \u00XX (so raw binary stays
// representable: a byte 0xNN reads back as the code point U+00NN).
void append_json_string(fmt::memory_buffer& buf, std::string_view bytes);

}  // namespace sysray
