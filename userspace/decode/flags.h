// Symbolic rendering of flag and enum arguments, as strace prints them.
#pragma once
#include <cstdint>
#include <string>

namespace sysray::decode {

std::string format_open_flags(uint64_t flags);     // "O_RDONLY|O_CLOEXEC", "O_WRONLY|O_CREAT|O_TRUNC"
std::string format_dirfd(int64_t fd);              // "AT_FDCWD" or the number
std::string format_mode(uint64_t mode);            // "0644" (octal, leading 0)
std::string format_socket_domain(uint64_t domain); // "AF_INET"
std::string format_socket_type(uint64_t type);     // "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK"
std::string format_socket_protocol(uint64_t domain, uint64_t protocol);  // "IPPROTO_TCP" or "0"
std::string format_mmap_prot(uint64_t prot);       // "PROT_READ|PROT_WRITE" / "PROT_NONE"
std::string format_mmap_flags(uint64_t flags);     // "MAP_PRIVATE|MAP_ANONYMOUS"
std::string format_clone_flags(uint64_t flags);    // "CLONE_VM|CLONE_FS|...|SIGCHLD" (low byte = exit signal)

}  // namespace sysray::decode
