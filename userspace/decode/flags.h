// Symbolic rendering of flag and enum arguments, as strace prints them. Values no name covers
// print as strace does: "O_RDONLY|0x4", "0x63 /* AF_??? */". Implemented by open_flags.cpp,
// socket_args.cpp, mmap_flags.cpp, clone_flags.cpp, at_flags.cpp, wait_status.cpp,
// fd_flags.cpp, file_enums.cpp, process_enums.cpp, rlimit.cpp and signal_sets.cpp.
#pragma once
#include <cstdint>
#include <string>

namespace sysray::decode {

std::string format_open_flags(uint64_t flags);     // "O_RDONLY|O_CLOEXEC", "O_WRONLY|O_CREAT|O_TRUNC"
std::string format_dirfd(int64_t fd);              // "AT_FDCWD" or the number
std::string format_mode(uint64_t mode);            // "0644", "000" (C's %#03o)
std::string format_socket_domain(uint64_t domain); // "AF_INET"
std::string format_socket_type(uint64_t type);     // "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK"
// "IPPROTO_TCP" (AF_INET/AF_INET6, where 0 is IPPROTO_IP), "NETLINK_ROUTE",
// "htons(ETH_P_ALL)" (AF_PACKET), the plain number for other families ("0")
std::string format_socket_protocol(uint64_t domain, uint64_t protocol);
std::string format_mmap_prot(uint64_t prot);       // "PROT_READ|PROT_WRITE" / "PROT_NONE"
std::string format_mmap_flags(uint64_t flags);     // "MAP_PRIVATE|MAP_ANONYMOUS"
std::string format_clone_flags(uint64_t flags);    // "CLONE_VM|CLONE_FS|...|SIGCHLD" (low byte = exit signal)
std::string format_at_flags(uint64_t flags);       // "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH", "0"
std::string format_access_mode(uint64_t mode);     // "F_OK", "R_OK|W_OK", "0x40 /* ?_OK */"
std::string format_access_at_flags(uint64_t flags); // faccessat2: "AT_EACCESS", "0"
std::string format_statx_flags(uint64_t flags);    // "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW"
std::string format_statx_mask(uint64_t mask);      // "STATX_MODE|STATX_SIZE", "STATX_BASIC_STATS", "0"
std::string format_wait_options(uint64_t options); // "WNOHANG|__WALL", "0"
std::string format_wait_status(int status);        // "{WIFEXITED(s) && WEXITSTATUS(s) == 0}"
std::string format_fd_flags(uint64_t flags);       // pipe2, dup3: "O_NONBLOCK|O_CLOEXEC", "0"
std::string format_eventfd_flags(uint64_t flags);  // "EFD_SEMAPHORE|EFD_CLOEXEC", "0"
std::string format_epoll_flags(uint64_t flags);    // epoll_create1: "EPOLL_CLOEXEC", "0"
std::string format_epoll_ctl_op(uint64_t op);      // "EPOLL_CTL_ADD" (epoll_args.cpp)
std::string format_splice_flags(uint64_t flags);   // splice, tee, vmsplice: "SPLICE_F_NONBLOCK"
std::string format_timerfd_flags(uint64_t flags);  // "TFD_CLOEXEC", "TFD_TIMER_ABSTIME" (time_args.cpp)
std::string format_whence(uint64_t whence);        // lseek: "SEEK_CUR", "0x7 /* SEEK_??? */"
std::string format_fadvise(uint64_t advice);       // fadvise64: "POSIX_FADV_SEQUENTIAL"
std::string format_flock_op(uint64_t op);          // "LOCK_EX|LOCK_NB", "0"
std::string format_shutdown_how(uint64_t how);     // "SHUT_WR"
std::string format_madvise(uint64_t advice);       // "MADV_DONTNEED"
std::string format_arch_prctl(uint64_t code);      // "ARCH_SET_FS"
std::string format_rlimit_resource(uint64_t res);  // "RLIMIT_STACK"
std::string format_getrandom_flags(uint64_t flags); // "GRND_NONBLOCK", "0"
std::string format_sigprocmask_how(uint64_t how);  // "SIG_BLOCK"
std::string format_clock_id(uint64_t clock);       // "CLOCK_MONOTONIC" (time_args.cpp)
std::string format_timer_flags(uint64_t flags);    // clock_nanosleep: "TIMER_ABSTIME", "0"

}  // namespace sysray::decode
