// What sysray says about itself on stderr (errors, losses, what funccount matched): one line,
// "sysray: " first, written at once so that lines from several places never interleave.
// Diagnostics that -v turns on go through spdlog, whose pattern starts the same way
// ("sysray: info: ..."); everything else goes through print_message.
#pragma once
#include <fmt/format.h>

#include <cstdio>
#include <utility>

namespace sysray {

template <typename... Args>
void print_message(fmt::format_string<Args...> text, Args&&... args) {
  fmt::memory_buffer line;
  fmt::format_to(std::back_inserter(line), "sysray: ");
  fmt::format_to(std::back_inserter(line), text, std::forward<Args>(args)...);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace sysray
