#include "decode/syscall_classes.h"

#include <map>

namespace sysray::decode {
namespace {

// Membership follows strace's sysent flags (TF, TN, TP, TD, TM, TS, TI, TC, TCL, TST) for
// x86_64 as of strace 6.1.
const std::map<std::string_view, std::vector<std::string_view>>& classes() {
  static const std::map<std::string_view, std::vector<std::string_view>> kClasses = {
      {"file",
       {"open", "openat", "openat2", "creat", "stat", "lstat", "newfstatat", "statx", "statfs",
        "access", "faccessat", "faccessat2", "execve", "execveat", "chdir", "chroot", "mkdir",
        "mkdirat", "rmdir", "rename", "renameat", "renameat2", "link", "linkat", "symlink",
        "symlinkat", "unlink", "unlinkat", "readlink", "readlinkat", "chmod", "fchmodat",
        "fchmodat2", "chown", "lchown", "fchownat", "truncate", "utime", "utimes", "utimensat",
        "futimesat", "mknod", "mknodat", "mount", "umount2", "swapon", "swapoff", "getxattr",
        "lgetxattr", "setxattr", "lsetxattr", "listxattr", "llistxattr", "removexattr",
        "lremovexattr", "pivot_root", "acct", "uselib", "inotify_add_watch", "fanotify_mark",
        "name_to_handle_at", "quotactl", "open_tree", "move_mount", "mount_setattr"}},
      {"network",
       {"socket", "socketpair", "bind", "connect", "listen", "accept", "accept4", "getsockname",
        "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
        "shutdown", "setsockopt", "getsockopt"}},
      {"process",
       {"clone", "clone3", "fork", "vfork", "execve", "execveat", "exit", "exit_group", "wait4",
        "waitid", "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
        "pidfd_open", "pidfd_send_signal", "unshare", "setns"}},
      {"desc",
       {"read", "write", "open", "close", "fstat", "poll", "lseek", "mmap", "ioctl", "pread64",
        "pwrite64", "readv", "writev", "pipe", "select", "dup", "dup2", "sendfile", "socket",
        "connect", "accept", "sendto", "recvfrom", "sendmsg", "recvmsg", "shutdown", "bind",
        "listen", "getsockname", "getpeername", "socketpair", "setsockopt", "getsockopt",
        "fcntl", "flock", "fsync", "fdatasync", "ftruncate", "getdents", "getdents64", "fchdir",
        "fchmod", "fchown", "fstatfs", "readahead", "fsetxattr", "fgetxattr", "flistxattr",
        "fremovexattr", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait",
        "epoll_pwait", "epoll_pwait2", "creat", "openat", "openat2", "mkdirat", "mknodat",
        "fchownat", "futimesat", "newfstatat", "unlinkat", "renameat", "renameat2", "linkat",
        "symlinkat", "readlinkat", "fchmodat", "faccessat", "faccessat2", "pselect6", "ppoll",
        "splice", "tee", "sync_file_range", "vmsplice", "utimensat", "signalfd", "signalfd4",
        "timerfd_create", "timerfd_settime", "timerfd_gettime", "eventfd", "eventfd2",
        "fallocate", "accept4", "dup3", "pipe2", "inotify_init", "inotify_init1",
        "inotify_add_watch", "inotify_rm_watch", "preadv", "pwritev", "preadv2", "pwritev2",
        "perf_event_open", "recvmmsg", "sendmmsg", "fanotify_init", "fanotify_mark",
        "name_to_handle_at", "open_by_handle_at", "syncfs", "setns", "finit_module",
        "memfd_create", "bpf", "execveat", "userfaultfd", "copy_file_range", "statx",
        "io_uring_setup", "io_uring_enter", "io_uring_register", "pidfd_open", "pidfd_getfd",
        "pidfd_send_signal", "close_range", "process_madvise", "epoll_pwait2", "fsopen",
        "fsconfig", "fsmount", "fspick", "open_tree", "move_mount", "mount_setattr"}},
      {"memory",
       {"brk", "mmap", "munmap", "mprotect", "mremap", "msync", "mincore", "madvise", "mlock",
        "mlock2", "munlock", "mlockall", "munlockall", "mbind", "set_mempolicy",
        "get_mempolicy", "migrate_pages", "move_pages", "remap_file_pages", "pkey_mprotect",
        "shmat", "shmdt", "process_madvise", "io_setup", "io_destroy"}},
      {"signal",
       {"kill", "tkill", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
        "rt_sigpending", "rt_sigtimedwait", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
        "rt_sigsuspend", "sigaltstack", "signalfd", "signalfd4", "pause", "pidfd_send_signal"}},
      {"ipc",
       {"msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semctl", "semtimedop",
        "shmget", "shmat", "shmctl", "shmdt"}},
      {"creds",
       {"getuid", "geteuid", "getgid", "getegid", "setuid", "setgid", "setreuid", "setregid",
        "setresuid", "getresuid", "setresgid", "getresgid", "setfsuid", "setfsgid", "getgroups",
        "setgroups", "capget", "capset", "prctl"}},
      {"clock",
       {"adjtimex", "clock_adjtime", "clock_getres", "clock_gettime", "clock_settime",
        "gettimeofday", "settimeofday", "time"}},
      {"stat", {"stat", "lstat", "fstat", "newfstatat", "statx"}},
  };
  return kClasses;
}

}  // namespace

const std::vector<std::string_view>* syscall_class(std::string_view cls) {
  if (cls == "net") cls = "network";
  auto it = classes().find(cls);
  return it == classes().end() ? nullptr : &it->second;
}

std::vector<std::string_view> syscall_class_names() {
  std::vector<std::string_view> names;
  for (const auto& [name, members] : classes()) names.push_back(name);
  return names;
}

}  // namespace sysray::decode
