// capture's --fd N[,N...]: which file descriptors of the targets to capture.
#pragma once
#include <string_view>
#include <vector>

namespace sysray {

// "2" → {2}; "1,2" → {1, 2} (sorted, duplicates removed). Throws UserError("invalid fd 'x' in
// --fd: expected a number from 0 to 1023") for anything else, an empty list included.
std::vector<int> parse_fd_list(std::string_view list);

}  // namespace sysray
