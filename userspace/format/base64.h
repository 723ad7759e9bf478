// RFC 4648 base64 (with '=' padding), for capture --json's "data".
#pragma once
#include <fmt/format.h>

#include <string_view>

namespace sysray {

void append_base64(fmt::memory_buffer& buf, std::string_view bytes);

}  // namespace sysray
