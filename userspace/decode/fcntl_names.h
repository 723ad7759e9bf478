// fcntl(2)'s command and the values its commands take, as strace prints them
// (file_enums.cpp); used by its decoder (fcntl_args.cpp).
#pragma once
#include <cstdint>
#include <string>

namespace sysray::decode {

std::string format_fcntl_cmd(uint64_t cmd);     // "F_SETFL", "0x4d /* F_??? */"
std::string format_fd_cloexec(uint64_t flags);  // F_SETFD: "FD_CLOEXEC", "0"
std::string format_lease(uint64_t type);        // F_SETLEASE: "F_UNLCK"
std::string format_seals(uint64_t seals);       // F_ADD_SEALS: "F_SEAL_SEAL|F_SEAL_GROW"
std::string format_dnotify(uint64_t events);    // F_NOTIFY: "DN_ACCESS|DN_MULTISHOT"

}  // namespace sysray::decode
