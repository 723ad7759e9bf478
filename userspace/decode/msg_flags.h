// Flag sets of the socket calls that flags.h does not cover: send/recv MSG_* flags and
// accept4's SOCK_* flags, printed as strace does ("MSG_DONTWAIT|MSG_NOSIGNAL", "0").
#pragma once
#include <cstdint>
#include <string>

namespace sysray::decode {

std::string format_msg_flags(uint64_t flags);     // "MSG_PEEK|MSG_TRUNC"; unknown bits as "0x..."
std::string format_accept_flags(uint64_t flags);  // "SOCK_CLOEXEC|SOCK_NONBLOCK"

}  // namespace sysray::decode
