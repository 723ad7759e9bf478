// One row per ArgStyle, in enum order: what the BPF side captures for the argument and whether
// its value is only known at exit. syscall_semantics.cpp plans captures from these rows.
#include "decode/arg_styles.h"

#include <iterator>

#include "decode/kernel_structs.h"

namespace sysray::decode {

namespace {

using S = ArgStyle;

constexpr ArgStyleTraits kTable[] = {
    // Raw register: "0x1f", "0" (signature unknown, offsets).
    {.style = S::Hex},
    // Signed 32-bit: int, pid_t, file descriptors.
    {.style = S::Int},
    // Signed 64-bit: long, loff_t.
    {.style = S::Long},
    // Unsigned 32-bit.
    {.style = S::Unsigned},
    // Unsigned 64-bit: size_t, unsigned long.
    {.style = S::ULong},
    // An address: "0x7ffd1234", "NULL".
    {.style = S::Pointer},
    // "AT_FDCWD" or the descriptor.
    {.style = S::Dirfd},
    // "O_RDONLY|O_CLOEXEC".
    {.style = S::OpenFlags},
    // "0644".
    {.style = S::Mode},
    // open's mode: printed only when its flags have O_CREAT or O_TMPFILE (arg_decoder.cpp).
    {.style = S::OpenMode, .ref = S::OpenFlags},
    // "AF_INET".
    {.style = S::SockDomain},
    // "SOCK_STREAM|SOCK_CLOEXEC".
    {.style = S::SockType},
    // "IPPROTO_TCP": what the number means depends on the domain.
    {.style = S::SockProtocol, .ref = S::SockDomain},
    // accept4: "SOCK_CLOEXEC|SOCK_NONBLOCK".
    {.style = S::SockFlags},
    // send/recv: "MSG_DONTWAIT|MSG_NOSIGNAL".
    {.style = S::MsgFlags},
    // "PROT_READ|PROT_WRITE".
    {.style = S::MmapProt},
    // "MAP_PRIVATE|MAP_ANONYMOUS".
    {.style = S::MmapFlags},
    // "CLONE_VM|...|SIGCHLD".
    {.style = S::CloneFlags},
    // A NUL-terminated string: "/etc/passwd".
    {.style = S::Path, .capture = SR_CAP_STR_IN},
    // Bytes going in (write), as many as the next argument says.
    {.style = S::BufferIn, .capture = SR_CAP_BUF_IN,
     .len_next = true},
    // Bytes coming back (read), as many as returned.
    {.style = S::BufferOut, .capture = SR_CAP_BUF_OUT,
     .at_exit = true, .len_next = true},
    // getrandom's buffer: the same, printed as "\x54\x89..." like strace.
    {.style = S::RandomOut, .capture = SR_CAP_BUF_OUT,
     .at_exit = true, .len_next = true},
    // A struct sockaddr going in (bind, connect, sendto).
    {.style = S::SockaddrIn, .capture = SR_CAP_SOCKADDR_IN,
     .len_next = true},
    // A struct sockaddr coming back (accept, recvfrom); its length argument is an int *.
    {.style = S::SockaddrOut,
     .capture = SR_CAP_SOCKADDR_OUT, .at_exit = true, .len_next = true},
    // The int * beside an output sockaddr: "[16]", from that capture's full_len.
    {.style = S::SockaddrLenOut, .at_exit = true,
     .borrows = SR_CAP_SOCKADDR_OUT},
    // struct user_msghdr: its msg_name, captured at enter (sendmsg).
    {.style = S::MsghdrIn, .capture = SR_CAP_MSG_NAME_IN},
    // ... at exit (recvmsg).
    {.style = S::MsghdrOut, .capture = SR_CAP_MSG_NAME_OUT,
     .at_exit = true},
    // execve's argv: ["prog", "arg"]; the capture also counts envp, the next argument.
    {.style = S::Argv, .capture = SR_CAP_EXEC_ARGS_IN,
     .len_next = true},
    // execve's envp: "0x7ffd... /* 23 vars */", from the Argv capture.
    {.style = S::Envp, .borrows = SR_CAP_EXEC_ARGS_IN},
    // "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH" (newfstatat, unlinkat, execveat ...).
    {.style = S::AtFlags},
    // access(2)'s mode: "F_OK", "R_OK|W_OK".
    {.style = S::AccessMode},
    // faccessat2's flags: "AT_EACCESS|AT_SYMLINK_NOFOLLOW".
    {.style = S::AccessAtFlags},
    // wait4's int *: "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]".
    {.style = S::WaitStatus,
     .capture = SR_CAP_OBJ_OUT, .size = sizeof(int), .at_exit = true},
    // "WNOHANG|__WALL".
    {.style = S::WaitOptions},
    // pipe2, dup3: open flags without an access mode, "O_CLOEXEC", "0".
    {.style = S::FdFlags},
    // "EFD_CLOEXEC|EFD_NONBLOCK".
    {.style = S::EventfdFlags},
    // epoll_create1: "EPOLL_CLOEXEC".
    {.style = S::EpollFlags},
    // lseek: "SEEK_CUR".
    {.style = S::Whence},
    // fadvise64: "POSIX_FADV_SEQUENTIAL".
    {.style = S::FadviseAdvice},
    // "LOCK_EX|LOCK_NB".
    {.style = S::FlockOp},
    // "SHUT_WR".
    {.style = S::ShutdownHow},
    // "MADV_DONTNEED".
    {.style = S::MadviseAdvice},
    // "ARCH_SET_FS".
    {.style = S::ArchPrctlCode},
    // "RLIMIT_STACK".
    {.style = S::RlimitResource},
    // "GRND_NONBLOCK".
    {.style = S::GetrandomFlags},
    // kill, tgkill: "SIGTERM", 0 as "0".
    {.style = S::Signal},
    // "SIG_BLOCK".
    {.style = S::SigprocmaskHow},
    // pipe, pipe2, socketpair: int[2] filled by the call, "[3, 4]".
    {.style = S::FdPairOut, .capture = SR_CAP_OBJ_OUT,
     .size = 2 * sizeof(int), .at_exit = true},
    // prlimit64's new limit: "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}".
    {.style = S::RlimitIn, .capture = SR_CAP_OBJ_IN,
     .size = kRlimit64Size},
    // ... its old limit.
    {.style = S::RlimitOut, .capture = SR_CAP_OBJ_OUT,
     .size = kRlimit64Size, .at_exit = true},
    // rt_sigaction's act: "{sa_handler=SIG_IGN, sa_mask=[], sa_flags=...}".
    {.style = S::SigactionIn, .capture = SR_CAP_OBJ_IN,
     .size = kKernelSigactionSize},
    // ... its oldact.
    {.style = S::SigactionOut, .capture = SR_CAP_OBJ_OUT,
     .size = kKernelSigactionSize, .at_exit = true},
    // rt_sigprocmask's set: "[INT TERM]", "~[RTMIN RT_1]".
    {.style = S::SigsetIn, .capture = SR_CAP_OBJ_IN,
     .size = kKernelSigsetSize},
    // ... its oldset.
    {.style = S::SigsetOut, .capture = SR_CAP_OBJ_OUT,
     .size = kKernelSigsetSize, .at_exit = true},
    // struct stat, strace's abbreviated form: "{st_mode=S_IFREG|0644, st_size=1, ...}".
    {.style = S::StatOut, .capture = SR_CAP_OBJ_OUT,
     .size = kStatSize, .at_exit = true},
    // struct statx, abbreviated: "{stx_mask=..., stx_attributes=0, stx_mode=..., ...}".
    {.style = S::StatxOut, .capture = SR_CAP_OBJ_OUT,
     .size = kStatxHeadSize, .at_exit = true},
    // statx: "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW".
    {.style = S::StatxFlags},
    // statx: "STATX_MODE|STATX_SIZE".
    {.style = S::StatxMask},
    // "CLOCK_MONOTONIC".
    {.style = S::ClockId},
    // clock_nanosleep: "TIMER_ABSTIME", "0".
    {.style = S::TimerFlags},
    // struct __kernel_timespec read at enter: "{tv_sec=1, tv_nsec=0}".
    {.style = S::TimespecIn, .capture = SR_CAP_OBJ_IN,
     .size = kKernelTimespecSize},
    // ... read at exit (clock_gettime, clock_getres).
    {.style = S::TimespecOut, .capture = SR_CAP_OBJ_OUT,
     .size = kKernelTimespecSize, .at_exit = true},
    // nanosleep's rem: the timespec left when interrupted, written only then (else a pointer).
    {.style = S::RemainingOut,
     .capture = SR_CAP_OBJ_OUT_RESTART, .size = kKernelTimespecSize, .at_exit = true},
    // rt_sigqueueinfo's siginfo: "{si_signo=SIGUSR1, si_code=SI_QUEUE, ...}"; the head of the
    // user's siginfo_t.
    {.style = S::SiginfoIn, .capture = SR_CAP_OBJ_IN,
     .size = SR_KERNEL_SIGINFO_SIZE},
    // ... filled by the call (waitid, rt_sigtimedwait).
    {.style = S::SiginfoOut, .capture = SR_CAP_OBJ_OUT,
     .size = SR_KERNEL_SIGINFO_SIZE, .at_exit = true},
};

static_assert(std::size(kTable) == kArgStyleCount, "one row per ArgStyle");

constexpr bool in_enum_order() {
  for (size_t i = 0; i < std::size(kTable); ++i) {
    if (kTable[i].style != static_cast<ArgStyle>(i)) return false;
  }
  return true;
}
static_assert(in_enum_order(), "row i describes ArgStyle(i)");

}  // namespace

const ArgStyleTraits& arg_style(ArgStyle style) {
  auto i = static_cast<size_t>(style);
  return i < std::size(kTable) ? kTable[i] : kTable[0];
}

std::span<const ArgStyleTraits> arg_style_table() { return kTable; }

bool known_at_exit(ArgStyle style) { return arg_style(style).at_exit; }

uint8_t capture_kind(ArgStyle style) { return arg_style(style).capture; }

uint8_t capture_size(ArgStyle style) { return arg_style(style).size; }

uint8_t read_kind(ArgStyle style) {
  const ArgStyleTraits& t = arg_style(style);
  return t.capture != SR_CAP_NONE ? t.capture : t.borrows;
}

bool reads_capture(ArgStyle style) { return read_kind(style) != SR_CAP_NONE; }

}  // namespace sysray::decode
