// Splitting the comma-separated values of options: -p 12,13, -e bind,connect, --quiet=exit.
#pragma once
#include <string_view>
#include <vector>

namespace sysray {

// "a,,b" → {"a", "", "b"}; "" → {""}. Empty items are kept: each option decides whether they
// are an error (-p) or ignored (-e, as strace does).
inline std::vector<std::string_view> split_commas(std::string_view list) {
  std::vector<std::string_view> items;
  for (size_t start = 0;;) {
    size_t comma = list.find(',', start);
    items.push_back(list.substr(start, comma == std::string_view::npos ? list.npos : comma - start));
    if (comma == std::string_view::npos) return items;
    start = comma + 1;
  }
}

}  // namespace sysray
