#include "decode/syscall_classes.h"

#include <bit>
#include <cstdint>

namespace sysray::decode {
namespace {

// strace's per-syscall class flags (TD, TF, TN ... in its syscallent tables).
enum ClassBit : uint32_t {
  kDesc = 1 << 0,      // takes or returns a file descriptor
  kFile = 1 << 1,      // takes a file name
  kIpc = 1 << 2,       // SysV IPC
  kNet = 1 << 3,       // sockets
  kProcess = 1 << 4,   // process lifecycle
  kSignal = 1 << 5,    // signals
  kMemory = 1 << 6,    // memory mappings
  kCreds = 1 << 7,     // user/group ids, capabilities
  kClock = 1 << 8,     // reading or setting clocks
  kStat = 1 << 9,      // stat(2)
  kLstat = 1 << 10,    // lstat(2)
  kFstat = 1 << 11,    // fstat(2)-like: by descriptor
  kAnyStat = 1 << 12,  // any stat variant (%%stat)
  kStatfs = 1 << 13,   // statfs(2)
  kFstatfs = 1 << 14,  // fstatfs(2)
  kAnyStatfs = 1 << 15,  // any statfs variant (%%statfs)
  kPure = 1 << 16,     // no arguments, always succeeds (getpid ...)
};

struct Member {
  std::string_view name;
  uint32_t classes;
};

// The x86_64 syscalls that belong to any class, in number order, as strace (6.x) classes them.
// The last few are newer than strace 6.1 and classed like their siblings (listxattrat like
// getxattrat).
constexpr Member kMembers[] = {
    {"read", kDesc}, {"write", kDesc}, {"open", kDesc | kFile}, {"close", kDesc},
    {"stat", kFile | kStat | kAnyStat}, {"fstat", kDesc | kFstat | kAnyStat},
    {"lstat", kFile | kLstat | kAnyStat}, {"poll", kDesc}, {"lseek", kDesc},
    {"mmap", kDesc | kMemory}, {"mprotect", kMemory}, {"munmap", kMemory}, {"brk", kMemory},
    {"rt_sigaction", kSignal}, {"rt_sigprocmask", kSignal}, {"rt_sigreturn", kSignal},
    {"ioctl", kDesc}, {"pread64", kDesc}, {"pwrite64", kDesc}, {"readv", kDesc},
    {"writev", kDesc}, {"access", kFile}, {"pipe", kDesc}, {"select", kDesc},
    {"mremap", kMemory}, {"msync", kMemory}, {"mincore", kMemory}, {"madvise", kMemory},
    {"shmget", kIpc}, {"shmat", kIpc | kMemory}, {"shmctl", kIpc}, {"dup", kDesc},
    {"dup2", kDesc}, {"pause", kSignal}, {"getpid", kPure}, {"sendfile", kDesc | kNet},
    {"socket", kNet}, {"connect", kNet}, {"accept", kNet}, {"sendto", kNet},
    {"recvfrom", kNet}, {"sendmsg", kNet}, {"recvmsg", kNet}, {"shutdown", kNet},
    {"bind", kNet}, {"listen", kNet}, {"getsockname", kNet}, {"getpeername", kNet},
    {"socketpair", kNet}, {"setsockopt", kNet}, {"getsockopt", kNet}, {"clone", kProcess},
    {"fork", kProcess}, {"vfork", kProcess}, {"execve", kFile | kProcess},
    {"exit", kProcess}, {"wait4", kProcess}, {"kill", kSignal | kProcess}, {"semget", kIpc},
    {"semop", kIpc}, {"semctl", kIpc}, {"shmdt", kIpc | kMemory}, {"msgget", kIpc},
    {"msgsnd", kIpc}, {"msgrcv", kIpc}, {"msgctl", kIpc}, {"fcntl", kDesc}, {"flock", kDesc},
    {"fsync", kDesc}, {"fdatasync", kDesc}, {"truncate", kFile}, {"ftruncate", kDesc},
    {"getdents", kDesc}, {"getcwd", kFile}, {"chdir", kFile}, {"fchdir", kDesc},
    {"rename", kFile}, {"mkdir", kFile}, {"rmdir", kFile}, {"creat", kDesc | kFile},
    {"link", kFile}, {"unlink", kFile}, {"symlink", kFile}, {"readlink", kFile},
    {"chmod", kFile}, {"fchmod", kDesc}, {"chown", kFile}, {"fchown", kDesc},
    {"lchown", kFile}, {"gettimeofday", kClock}, {"getuid", kCreds | kPure},
    {"getgid", kCreds | kPure}, {"setuid", kCreds}, {"setgid", kCreds},
    {"geteuid", kCreds | kPure}, {"getegid", kCreds | kPure}, {"getppid", kPure},
    {"getpgrp", kPure}, {"setreuid", kCreds}, {"setregid", kCreds}, {"getgroups", kCreds},
    {"setgroups", kCreds}, {"setresuid", kCreds}, {"getresuid", kCreds},
    {"setresgid", kCreds}, {"getresgid", kCreds}, {"setfsuid", kCreds}, {"setfsgid", kCreds},
    {"capget", kCreds}, {"capset", kCreds}, {"rt_sigpending", kSignal},
    {"rt_sigtimedwait", kSignal}, {"rt_sigqueueinfo", kSignal | kProcess},
    {"rt_sigsuspend", kSignal}, {"sigaltstack", kSignal}, {"utime", kFile}, {"mknod", kFile},
    {"uselib", kFile}, {"ustat", kAnyStatfs}, {"statfs", kFile | kStatfs | kAnyStatfs},
    {"fstatfs", kDesc | kFstatfs | kAnyStatfs}, {"mlock", kMemory}, {"munlock", kMemory},
    {"mlockall", kMemory}, {"munlockall", kMemory}, {"pivot_root", kFile}, {"prctl", kCreds},
    {"adjtimex", kClock}, {"chroot", kFile}, {"acct", kFile}, {"settimeofday", kClock},
    {"mount", kFile}, {"umount2", kFile}, {"swapon", kFile}, {"swapoff", kFile},
    {"quotactl", kFile}, {"getpmsg", kNet}, {"putpmsg", kNet}, {"gettid", kPure},
    {"readahead", kDesc}, {"setxattr", kFile}, {"lsetxattr", kFile}, {"fsetxattr", kDesc},
    {"getxattr", kFile}, {"lgetxattr", kFile}, {"fgetxattr", kDesc}, {"listxattr", kFile},
    {"llistxattr", kFile}, {"flistxattr", kDesc}, {"removexattr", kFile},
    {"lremovexattr", kFile}, {"fremovexattr", kDesc}, {"tkill", kSignal | kProcess},
    {"time", kClock}, {"io_setup", kMemory}, {"io_destroy", kMemory},
    {"epoll_create", kDesc}, {"remap_file_pages", kMemory}, {"getdents64", kDesc},
    {"semtimedop", kIpc}, {"fadvise64", kDesc}, {"clock_settime", kClock},
    {"clock_gettime", kClock}, {"clock_getres", kClock}, {"exit_group", kProcess},
    {"epoll_wait", kDesc}, {"epoll_ctl", kDesc}, {"tgkill", kSignal | kProcess},
    {"utimes", kFile}, {"mbind", kMemory}, {"set_mempolicy", kMemory},
    {"get_mempolicy", kMemory}, {"mq_open", kDesc}, {"mq_timedsend", kDesc},
    {"mq_timedreceive", kDesc}, {"mq_notify", kDesc}, {"mq_getsetattr", kDesc},
    {"waitid", kProcess}, {"inotify_init", kDesc}, {"inotify_add_watch", kDesc | kFile},
    {"inotify_rm_watch", kDesc}, {"migrate_pages", kMemory}, {"openat", kDesc | kFile},
    {"mkdirat", kDesc | kFile}, {"mknodat", kDesc | kFile}, {"fchownat", kDesc | kFile},
    {"futimesat", kDesc | kFile}, {"newfstatat", kDesc | kFile | kFstat | kAnyStat},
    {"unlinkat", kDesc | kFile}, {"renameat", kDesc | kFile}, {"linkat", kDesc | kFile},
    {"symlinkat", kDesc | kFile}, {"readlinkat", kDesc | kFile}, {"fchmodat", kDesc | kFile},
    {"faccessat", kDesc | kFile}, {"pselect6", kDesc}, {"ppoll", kDesc}, {"splice", kDesc},
    {"tee", kDesc}, {"sync_file_range", kDesc}, {"vmsplice", kDesc}, {"move_pages", kMemory},
    {"utimensat", kDesc | kFile}, {"epoll_pwait", kDesc}, {"signalfd", kDesc | kSignal},
    {"timerfd_create", kDesc}, {"eventfd", kDesc}, {"fallocate", kDesc},
    {"timerfd_settime", kDesc}, {"timerfd_gettime", kDesc}, {"accept4", kNet},
    {"signalfd4", kDesc | kSignal}, {"eventfd2", kDesc}, {"epoll_create1", kDesc},
    {"dup3", kDesc}, {"pipe2", kDesc}, {"inotify_init1", kDesc}, {"preadv", kDesc},
    {"pwritev", kDesc}, {"rt_tgsigqueueinfo", kSignal | kProcess},
    {"perf_event_open", kDesc}, {"recvmmsg", kNet}, {"fanotify_init", kDesc},
    {"fanotify_mark", kDesc | kFile}, {"name_to_handle_at", kDesc | kFile},
    {"open_by_handle_at", kDesc}, {"clock_adjtime", kClock}, {"syncfs", kDesc},
    {"sendmmsg", kNet}, {"setns", kDesc}, {"finit_module", kDesc},
    {"renameat2", kDesc | kFile}, {"memfd_create", kDesc}, {"kexec_file_load", kDesc},
    {"bpf", kDesc}, {"execveat", kDesc | kFile | kProcess}, {"userfaultfd", kDesc},
    {"mlock2", kMemory}, {"copy_file_range", kDesc}, {"preadv2", kDesc},
    {"pwritev2", kDesc}, {"pkey_mprotect", kMemory},
    {"statx", kDesc | kFile | kFstat | kAnyStat},
    {"pidfd_send_signal", kDesc | kSignal | kProcess}, {"io_uring_setup", kDesc},
    {"io_uring_enter", kDesc | kSignal}, {"io_uring_register", kDesc | kMemory},
    {"open_tree", kDesc | kFile}, {"move_mount", kDesc | kFile}, {"fsopen", kDesc},
    {"fsconfig", kDesc | kFile}, {"fsmount", kDesc}, {"fspick", kDesc | kFile},
    {"pidfd_open", kDesc}, {"clone3", kProcess}, {"openat2", kDesc | kFile},
    {"pidfd_getfd", kDesc}, {"faccessat2", kDesc | kFile}, {"process_madvise", kDesc},
    {"epoll_pwait2", kDesc}, {"mount_setattr", kDesc | kFile}, {"quotactl_fd", kDesc},
    {"landlock_create_ruleset", kDesc}, {"landlock_add_rule", kDesc},
    {"landlock_restrict_self", kDesc}, {"memfd_secret", kDesc}, {"process_mrelease", kDesc},
    {"set_mempolicy_home_node", kMemory}, {"cachestat", kDesc}, {"fchmodat2", kDesc | kFile},
    {"map_shadow_stack", kMemory}, {"mseal", kMemory}, {"setxattrat", kDesc | kFile},
    {"getxattrat", kDesc | kFile}, {"listxattrat", kDesc | kFile},
    {"removexattrat", kDesc | kFile}, {"open_tree_attr", kDesc | kFile},
    {"file_getattr", kDesc | kFile}, {"file_setattr", kDesc | kFile},
};

struct ClassName {
  std::string_view name;
  uint32_t bit;
  bool bare_word_too;  // also accepted without '%', as old strace versions wrote it
};

constexpr ClassName kClassNames[] = {
    {"net", kNet, false},         {"network", kNet, true},    {"file", kFile, true},
    {"process", kProcess, true},  {"desc", kDesc, true},      {"memory", kMemory, true},
    {"signal", kSignal, true},    {"ipc", kIpc, true},        {"creds", kCreds, false},
    {"clock", kClock, false},     {"stat", kStat, false},     {"lstat", kLstat, false},
    {"fstat", kFstat, false},     {"%stat", kAnyStat, false}, {"statfs", kStatfs, false},
    {"fstatfs", kFstatfs, false}, {"%statfs", kAnyStatfs, false}, {"pure", kPure, false},
};

// One member list per class bit, built on first use.
const std::vector<std::string_view>& members_of(uint32_t bit) {
  static const auto kLists = [] {
    std::vector<std::vector<std::string_view>> lists(32);
    for (const Member& m : kMembers)
      for (uint32_t i = 0; i < 32; ++i)
        if (m.classes & (1u << i)) lists[i].push_back(m.name);
    return lists;
  }();
  return kLists[std::countr_zero(bit)];
}

const ClassName* find_class(std::string_view name) {
  for (const ClassName& c : kClassNames)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

const std::vector<std::string_view>* syscall_class(std::string_view cls) {
  const ClassName* c = find_class(cls);
  return c ? &members_of(c->bit) : nullptr;
}

std::vector<std::string_view> syscall_class_names() {
  std::vector<std::string_view> names;
  for (const ClassName& c : kClassNames) names.push_back(c.name);
  return names;
}

const std::vector<std::string_view>* bare_word_syscall_class(std::string_view word) {
  const ClassName* c = find_class(word);
  return c && c->bare_word_too ? &members_of(c->bit) : nullptr;
}

}  // namespace sysray::decode
