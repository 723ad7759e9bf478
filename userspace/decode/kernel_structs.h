// The x86_64 kernel layouts of the objects the BPF side copies out whole (SR_READ_BYTES of a fixed size), for
// sizing the captures (syscall_semantics.cpp) and decoding them. The kernel's, not libc's:
// glibc's struct sigaction and sigset_t (128 bytes) differ from what rt_sigaction(2) and
// rt_sigprocmask(2) take.
#pragma once
#include <sys/socket.h>
#include <sys/stat.h>
#include <ucontext.h>

#include <cstddef>
#include <cstdint>

namespace sysray::decode {

// struct sigaction of arch/x86/include/uapi/asm/signal.h with its 8-byte sigset.
struct KernelSigaction {
  uint64_t handler;
  uint64_t flags;
  uint64_t restorer;
  uint64_t mask;
};

struct Rlimit64 {
  uint64_t cur, max;
};

constexpr uint8_t kKernelSigsetSize = sizeof(uint64_t);  // _NSIG / 8: 64 signals
constexpr uint8_t kKernelSigactionSize = sizeof(KernelSigaction);
constexpr uint8_t kRlimit64Size = sizeof(Rlimit64);
// struct __kernel_timespec: 64-bit seconds and nanoseconds (nanosleep, clock_*, futex).
struct KernelTimespec {
  int64_t tv_sec;
  int64_t tv_nsec;
};
constexpr uint8_t kKernelTimespecSize = sizeof(KernelTimespec);
// struct __kernel_itimerspec (timerfd_settime, timerfd_gettime).
struct KernelItimerspec {
  KernelTimespec interval, value;
};
constexpr uint8_t kKernelItimerspecSize = sizeof(KernelItimerspec);
// Where rt_sigreturn finds the signal mask to restore: uc_sigmask in the signal frame's struct
// ucontext. When the handler returns into the restorer, its `ret` pops the frame's return
// address, so at the syscall the stack pointer points at the ucontext. glibc's ucontext_t has
// the kernel's layout up to uc_sigmask (flags, link, stack_t, a 256-byte mcontext).
constexpr uint16_t kUcSigmaskOffset = 296;
static_assert(offsetof(ucontext_t, uc_sigmask) == kUcSigmaskOffset);
// glibc's struct stat is the kernel's on x86_64 (asm/stat.h).
constexpr uint8_t kStatSize = sizeof(struct stat);
static_assert(sizeof(struct stat) == 144);
// strace's abbreviated statx shows stx_mask, stx_attributes, stx_mode and stx_size: the first
// 48 bytes of the 256-byte struct: only those are copied.
constexpr uint8_t kStatxHeadSize = offsetof(struct statx, stx_size) + sizeof(uint64_t);
static_assert(kStatxHeadSize == 48);

// stack_t (sigaltstack).
struct KernelStack {
  uint64_t ss_sp;
  int32_t ss_flags;
  int32_t pad;
  uint64_t ss_size;
};
constexpr uint8_t kKernelStackSize = sizeof(KernelStack);
static_assert(kKernelStackSize == 24);
// struct new_utsname: six 65-byte strings; strace shows the first two (sysname, nodename).
constexpr uint8_t kUtsnameFieldSize = 65;
constexpr uint8_t kUtsnameHeadSize = 2 * kUtsnameFieldSize;
// struct sysinfo: glibc's is the kernel's on x86_64.
constexpr uint8_t kSysinfoSize = 112;
// sched_getaffinity's mask: 1024 CPUs shown at most.
constexpr uint16_t kCpuSetShownBytes = 128;

// struct statfs: glibc's is the kernel's on x86_64.
constexpr uint8_t kStatfsSize = 120;
// utimensat's times: two struct __kernel_timespec.
constexpr uint8_t kUtimensSize = 2 * sizeof(KernelTimespec);

// struct epoll_event: packed on x86_64 (12 bytes), as the kernel's EPOLL_PACKED.
struct __attribute__((packed)) KernelEpollEvent {
  uint32_t events;
  uint64_t data;
};
constexpr uint8_t kEpollEventSize = sizeof(KernelEpollEvent);
static_assert(kEpollEventSize == 12);
// epoll_wait's returned events shown at most, then "..." (strace's default -s, which its arrays
// also follow).
constexpr uint16_t kEpollEventsShown = 32;

// struct clone_args up to CLONE_ARGS_SIZE_VER2, as in <linux/sched.h>; declared here because
// older headers lack the later fields.
struct CloneArgs {
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
  uint64_t set_tid, set_tid_size, cgroup;
};
constexpr size_t kCloneArgsVer0 = 64;  // CLONE_ARGS_SIZE_VER0: up to tls
constexpr size_t kCloneArgsVer1 = 80;  // + set_tid, set_tid_size
constexpr size_t kCloneArgsVer2 = 88;  // + cgroup
static_assert(sizeof(CloneArgs) == kCloneArgsVer2);
// Where struct clone_args holds the parent_tid pointer (Read::through_field).
constexpr uint16_t kCloneArgsParentTidOffset = offsetof(CloneArgs, parent_tid);

// Where sendmsg/recvmsg's struct user_msghdr keeps the peer address and its length (glibc's
// struct msghdr has the kernel's layout).
constexpr uint16_t kMsgNameOffset = offsetof(struct msghdr, msg_name);
constexpr uint16_t kMsgNamelenOffset = offsetof(struct msghdr, msg_namelen);
static_assert(kMsgNameOffset == 0 && kMsgNamelenOffset == 8);

// Where a directory entry's length is, in getdents64's struct linux_dirent64 (d_ino, d_off,
// then d_reclen) and in getdents' struct linux_dirent alike.
constexpr uint8_t kDirentReclenOffset = 16;

}  // namespace sysray::decode
