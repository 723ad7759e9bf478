// Flag sets of the socket calls that flags.h does not cover: send/recv MSG_* flags and
// accept4's SOCK_* flags, printed as strace does ("MSG_DONTWAIT|MSG_NOSIGNAL", "0").
#pragma once
#include <cstdint>
#include <string>

namespace sysray::decode {

// "MSG_PEEK|MSG_TRUNC", "0", "0x100000 /* MSG_??? */"
std::string format_msg_flags(uint64_t flags);
// "SOCK_CLOEXEC|SOCK_NONBLOCK", "0"
std::string format_accept_flags(uint64_t flags);

}  // namespace sysray::decode
