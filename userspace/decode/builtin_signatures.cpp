#include "decode/builtin_signatures.h"

#include <utility>
#include <vector>

namespace sysray::decode {

namespace {

// Copied from this kernel's tracefs (events/syscalls/sys_enter_*/format), named as in
// asm/unistd_64.h (tracefs says newstat where the header says stat).
constexpr std::pair<std::string_view, std::string_view> kSignatures[] = {
    {"read", "unsigned int fd, char * buf, size_t count"},
    {"write", "unsigned int fd, const char * buf, size_t count"},
    {"open", "const char * filename, int flags, umode_t mode"},
    {"close", "unsigned int fd"},
    {"stat", "const char * filename, struct stat * statbuf"},
    {"fstat", "unsigned int fd, struct stat * statbuf"},
    {"lstat", "const char * filename, struct stat * statbuf"},
    {"mmap", "unsigned long addr, unsigned long len, unsigned long prot, "
               "unsigned long flags, unsigned long fd, unsigned long off"},
    {"mprotect", "unsigned long start, size_t len, unsigned long prot"},
    {"munmap", "unsigned long addr, size_t len"},
    {"brk", "unsigned long brk"},
    {"pread64", "unsigned int fd, char * buf, size_t count, loff_t pos"},
    {"pwrite64", "unsigned int fd, const char * buf, size_t count, loff_t pos"},
    {"access", "const char * filename, int mode"},
    {"dup", "unsigned int fildes"},
    {"dup2", "unsigned int oldfd, unsigned int newfd"},
    {"dup3", "unsigned int oldfd, unsigned int newfd, int flags"},
    {"socket", "int family, int type, int protocol"},
    {"connect", "int fd, struct sockaddr * uservaddr, int addrlen"},
    {"accept", "int fd, struct sockaddr * upeer_sockaddr, int * upeer_addrlen"},
    {"accept4", "int fd, struct sockaddr * upeer_sockaddr, int * upeer_addrlen, int flags"},
    {"sendto", "int fd, void * buff, size_t len, "
               "unsigned int flags, struct sockaddr * addr, int addr_len"},
    {"recvfrom", "int fd, void * ubuf, size_t size, "
               "unsigned int flags, struct sockaddr * addr, int * addr_len"},
    {"sendmsg", "int fd, struct user_msghdr * msg, unsigned int flags"},
    {"recvmsg", "int fd, struct user_msghdr * msg, unsigned int flags"},
    {"setsockopt", "int fd, int level, int optname, char * optval, int optlen"},
    {"getsockopt", "int fd, int level, int optname, char * optval, int * optlen"},
    {"shutdown", "int fd, int how"},
    {"bind", "int fd, struct sockaddr * umyaddr, int addrlen"},
    {"listen", "int fd, int backlog"},
    {"getsockname", "int fd, struct sockaddr * usockaddr, int * usockaddr_len"},
    {"getpeername", "int fd, struct sockaddr * usockaddr, int * usockaddr_len"},
    {"socketpair", "int family, int type, int protocol, int * usockvec"},
    {"clone", "unsigned long clone_flags, unsigned long newsp, "
               "int * parent_tidptr, int * child_tidptr, unsigned long tls"},
    {"clone3", "struct clone_args * uargs, size_t size"},
    {"execve", "const char * filename, const char *const * argv, const char *const * envp"},
    {"execveat", "int fd, const char * filename, "
               "const char *const * argv, const char *const * envp, int flags"},
    {"exit", "int error_code"},
    {"exit_group", "int error_code"},
    {"wait4", "pid_t upid, int * stat_addr, int options, struct rusage * ru"},
    {"kill", "pid_t pid, int sig"},
    {"chdir", "const char * filename"},
    {"rename", "const char * oldname, const char * newname"},
    {"renameat", "int olddfd, const char * oldname, int newdfd, const char * newname"},
    {"renameat2", "int olddfd, const char * oldname, "
               "int newdfd, const char * newname, unsigned int flags"},
    {"mkdir", "const char * pathname, umode_t mode"},
    {"mkdirat", "int dfd, const char * pathname, umode_t mode"},
    {"rmdir", "const char * pathname"},
    {"creat", "const char * pathname, umode_t mode"},
    {"unlink", "const char * pathname"},
    {"unlinkat", "int dfd, const char * pathname, int flag"},
    {"readlink", "const char * path, char * buf, int bufsiz"},
    {"readlinkat", "int dfd, const char * pathname, char * buf, int bufsiz"},
    {"chmod", "const char * filename, umode_t mode"},
    {"fchown", "unsigned int fd, uid_t user, gid_t group"},
    {"fchmodat", "int dfd, const char * filename, umode_t mode"},
    {"openat", "int dfd, const char * filename, int flags, umode_t mode"},
    {"newfstatat", "int dfd, const char * filename, struct stat * statbuf, int flag"},
    {"faccessat", "int dfd, const char * filename, int mode"},
    {"faccessat2", "int dfd, const char * filename, int mode, int flags"},
    {"statx", "int dfd, const char * filename, "
               "unsigned flags, unsigned int mask, struct statx * buffer"},
    {"truncate", "const char * path, long length"},
    {"rseq", "struct rseq * rseq, u32 rseq_len, int flags, u32 sig"},
    {"fadvise64", "int fd, loff_t offset, size_t len, int advice"},
    {"nanosleep", "struct __kernel_timespec * rqtp, struct __kernel_timespec * rmtp"},
    {"clock_nanosleep", "const clockid_t which_clock, int flags, "
                        "const struct __kernel_timespec * rqtp, struct __kernel_timespec * rmtp"},
    {"clock_gettime", "const clockid_t which_clock, struct __kernel_timespec * tp"},
    {"link", "const char * oldname, const char * newname"},
    {"linkat", "int olddfd, const char * oldname, int newdfd, const char * newname, int flags"},
    {"symlink", "const char * oldname, const char * newname"},
    {"symlinkat", "const char * oldname, int newdfd, const char * newname"},
    {"pipe", "int * fildes"},
    {"pipe2", "int * fildes, int flags"},
    {"fcntl", "unsigned int fd, unsigned int cmd, unsigned long arg"},
    {"ioctl", "unsigned int fd, unsigned int cmd, unsigned long arg"},
    {"lseek", "unsigned int fd, off_t offset, unsigned int whence"},
    {"flock", "unsigned int fd, unsigned int cmd"},
    {"madvise", "unsigned long start, size_t len_in, int behavior"},
    {"arch_prctl", "int option, unsigned long arg2"},
    {"prlimit64", "pid_t pid, unsigned int resource, "
               "const struct rlimit64 * new_rlim, struct rlimit64 * old_rlim"},
    {"getrandom", "char * ubuf, size_t len, unsigned int flags"},
    {"tkill", "pid_t pid, int sig"},
    {"tgkill", "pid_t tgid, pid_t pid, int sig"},
    {"rt_sigaction", "int sig, const struct sigaction * act, struct sigaction * oact, "
               "size_t sigsetsize"},
    {"rt_sigprocmask", "int how, sigset_t * nset, sigset_t * oset, size_t sigsetsize"},
    {"rt_sigreturn", ""},
    {"rt_sigqueueinfo", "pid_t pid, int sig, siginfo_t * uinfo"},
    {"waitid", "int which, pid_t upid, struct siginfo * infop, int options, struct rusage * ru"},
    {"umask", "int mask"},
    {"eventfd2", "unsigned int count, int flags"},
    {"epoll_create1", "int flags"},
    {"epoll_ctl", "int epfd, int op, int fd, struct epoll_event * event"},
    {"epoll_wait", "int epfd, struct epoll_event * events, int maxevents, int timeout"},
    {"epoll_pwait", "int epfd, struct epoll_event * events, int maxevents, int timeout, "
               "const sigset_t * sigmask, size_t sigsetsize"},
    {"futex", "u32 * uaddr, int op, u32 val, const struct __kernel_timespec * utime, "
               "u32 * uaddr2, u32 val3"},
    {"getpid", ""},
    {"getppid", ""},
    {"gettid", ""},
};

// "unsigned int fd, char * buf" -> {{"unsigned int", "fd"}, {"char *", "buf"}}: the name is the
// last word, the type everything before it.
std::vector<SyscallArg> parse_signature(std::string_view sig) {
  std::vector<SyscallArg> args;
  while (!sig.empty()) {
    size_t comma = sig.find(", ");
    std::string_view one = sig.substr(0, comma);
    size_t space = one.rfind(' ');
    args.push_back({std::string(one.substr(0, space)), std::string(one.substr(space + 1))});
    sig = comma == std::string_view::npos ? std::string_view() : sig.substr(comma + 2);
  }
  return args;
}

}  // namespace

std::optional<SyscallInfo> builtin_signature(std::string_view name) {
  for (const auto& [syscall, sig] : kSignatures) {
    if (syscall != name) continue;
    SyscallInfo info;
    info.name = std::string(name);
    info.args = parse_signature(sig);
    info.args_known = true;
    return info;
  }
  return std::nullopt;
}

}  // namespace sysray::decode
