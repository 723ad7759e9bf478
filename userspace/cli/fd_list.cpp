#include "cli/fd_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "cli/comma_list.h"
#include "sysray/capture.h"
#include "util/user_error.h"

namespace sysray {

std::vector<int> parse_fd_list(std::string_view list) {
  std::vector<int> fds;
  for (std::string_view item : split_commas(list)) {
    int value = -1;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || value < 0 ||
        value >= SR_CAPTURE_FD_LIMIT)
      throw UserError(fmt::format("invalid fd '{}' in --fd: expected a number from 0 to {}", item,
                                  SR_CAPTURE_FD_LIMIT - 1));
    fds.push_back(value);
  }
  std::sort(fds.begin(), fds.end());
  fds.erase(std::unique(fds.begin(), fds.end()), fds.end());
  return fds;
}

}  // namespace sysray
