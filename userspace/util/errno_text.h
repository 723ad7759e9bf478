// "Operation not permitted (1)": a system call's errno for messages about sysray's own calls.
#pragma once
#include <fmt/format.h>

#include <cstring>
#include <string>

namespace sysray {

inline std::string errno_text(int err) { return fmt::format("{} ({})", std::strerror(err), err); }

}  // namespace sysray
