// What a formatter appends to a buffer, as a string: render([&](auto& b) { append_x(b, ...); }).
#pragma once
#include <string>

#include <fmt/format.h>

namespace sysray::test {

template <typename Write>
std::string render(Write write) {
  fmt::memory_buffer buf;
  write(buf);
  return fmt::to_string(buf);
}

}  // namespace sysray::test
