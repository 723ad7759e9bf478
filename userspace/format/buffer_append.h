// The one string append the formatters need that fmt::memory_buffer spells as a pointer range.
#pragma once
#include <string_view>

#include <fmt/format.h>

namespace sysray {

inline void append(fmt::memory_buffer& buf, std::string_view s) {
  buf.append(s.data(), s.data() + s.size());
}

}  // namespace sysray
