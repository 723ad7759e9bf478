// What each syscall's arguments mean: how strace would print them, and which of them the BPF
// side must copy out of the traced process (sr_syscall_captures). Derived once per syscall from
// its tracefs signature (types and names), plus a few per-syscall rules; the hot path then only
// indexes a precomputed SyscallSemantics by syscall number.
#pragma once
#include <cstdint>

#include "decode/syscall_table.h"
#include "sysray/events.h"

namespace sysray::decode {

enum class ArgStyle : uint8_t {
  Hex,            // raw register: "0x1f", "0" (signature unknown, offsets)
  Int,            // signed 32-bit: int, pid_t, file descriptors
  Long,           // signed 64-bit: long, loff_t
  Unsigned,       // unsigned 32-bit
  ULong,          // unsigned 64-bit: size_t, unsigned long
  Pointer,        // an address: "0x7ffd1234", "NULL"
  Dirfd,          // "AT_FDCWD" or the descriptor
  OpenFlags,      // "O_RDONLY|O_CLOEXEC"
  Mode,           // "0644"
  OpenMode,       // open's mode: printed only when flags (arg `ref`) have O_CREAT or O_TMPFILE
  SockDomain,     // "AF_INET"
  SockType,       // "SOCK_STREAM|SOCK_CLOEXEC"
  SockProtocol,   // "IPPROTO_TCP"; the domain is arg `ref`
  SockFlags,      // accept4: "SOCK_CLOEXEC|SOCK_NONBLOCK"
  MsgFlags,       // send/recv: "MSG_DONTWAIT|MSG_NOSIGNAL"
  MmapProt,       // "PROT_READ|PROT_WRITE"
  MmapFlags,      // "MAP_PRIVATE|MAP_ANONYMOUS"
  CloneFlags,     // "CLONE_VM|...|SIGCHLD"
  Path,           // captured NUL-terminated string (SR_CAP_STR_IN)
  BufferIn,       // captured bytes at enter (SR_CAP_BUF_IN)
  BufferOut,      // captured bytes at exit, as many as returned (SR_CAP_BUF_OUT)
  RandomOut,      // getrandom's buffer: the same, printed as "\x54\x89..." like strace
  SockaddrIn,     // captured struct sockaddr at enter
  SockaddrOut,    // captured struct sockaddr at exit
  SockaddrLenOut, // the int * beside an output sockaddr: "[16]", from that capture's full_len
  MsghdrIn,       // struct user_msghdr: its msg_name captured at enter (sendmsg)
  MsghdrOut,      // ... at exit (recvmsg)
  Argv,           // execve's argv: ["prog", "arg"] (SR_CAP_EXEC_ARGS_IN)
  Envp,           // execve's envp: "0x7ffd... /* 23 vars */", from the Argv capture
  AtFlags,        // "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH" (newfstatat, unlinkat, execveat ...)
  AccessMode,     // access(2)'s mode: "F_OK", "R_OK|W_OK"
  AccessAtFlags,  // faccessat2's flags: "AT_EACCESS|AT_SYMLINK_NOFOLLOW"
  WaitStatus,     // wait4's int *: "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]", read at exit
  WaitOptions,    // "WNOHANG|__WALL"
  FdFlags,        // pipe2, dup3: open flags without an access mode, "O_CLOEXEC", "0"
  EventfdFlags,   // "EFD_CLOEXEC|EFD_NONBLOCK"
  EpollFlags,     // epoll_create1: "EPOLL_CLOEXEC"
  Whence,         // lseek: "SEEK_CUR"
  FadviseAdvice,  // fadvise64: "POSIX_FADV_SEQUENTIAL"
  FlockOp,        // "LOCK_EX|LOCK_NB"
  ShutdownHow,    // "SHUT_WR"
  MadviseAdvice,  // "MADV_DONTNEED"
  ArchPrctlCode,  // "ARCH_SET_FS"
  RlimitResource, // "RLIMIT_STACK"
  GetrandomFlags, // "GRND_NONBLOCK"
  Signal,         // kill, tgkill: "SIGTERM", 0 as "0"
  SigprocmaskHow, // "SIG_BLOCK"
  FdPairOut,      // pipe, pipe2, socketpair: int[2] filled by the call, "[3, 4]"
  RlimitIn,       // prlimit64's new limit: "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}"
  RlimitOut,      // ... its old limit, read at exit
  SigactionIn,    // rt_sigaction's act: "{sa_handler=SIG_IGN, sa_mask=[], sa_flags=...}"
  SigactionOut,   // ... its oldact, read at exit
  SigsetIn,       // rt_sigprocmask's set: "[INT TERM]", "~[RTMIN RT_1]"
  SigsetOut,      // ... its oldset, read at exit
  StatOut,        // struct stat, strace's abbreviated form: "{st_mode=S_IFREG|0644, st_size=1, ...}"
  StatxOut,       // struct statx, abbreviated: "{stx_mask=..., stx_attributes=0, stx_mode=..., ...}"
  StatxFlags,     // statx: "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW"
  StatxMask,      // statx: "STATX_MODE|STATX_SIZE"
  ClockId,        // "CLOCK_MONOTONIC"
  TimerFlags,     // clock_nanosleep: "TIMER_ABSTIME", "0"
  TimespecIn,     // struct __kernel_timespec read at enter: "{tv_sec=1, tv_nsec=0}"
  TimespecOut,    // ... read at exit (clock_gettime, clock_getres)
  RemainingOut,   // nanosleep's rem: a pointer, the timespec left when interrupted (strace's)
  SiginfoIn,      // rt_sigqueueinfo's siginfo: "{si_signo=SIGUSR1, si_code=SI_QUEUE, ...}"
  SiginfoOut,     // ... filled by the call (waitid, rt_sigtimedwait), read at exit
};

// Syscalls whose arguments cannot be rendered one by one from their own register: clone
// prints named arguments chosen by its flags, the socket options depend on level and name,
// fcntl's and futex's later arguments (how many, and what they are) on the command.
// ArgDecoder hands these to their own decoders (special_syscalls.h).
enum class Special : uint8_t {
  None, Clone, Clone3, Setsockopt, Getsockopt, Fcntl, Futex, Ioctl, RtSigreturn
};

// True for arguments whose value only exists once the call returned (read's buffer, accept's
// peer address): strace leaves them out of "<unfinished ...>" and prints them when resumed.
bool known_at_exit(ArgStyle style);
// True for arguments printed from a capture slot (Path ... MsghdrOut, SockaddrLenOut, Argv,
// Envp).
bool reads_capture(ArgStyle style);
// The sr_capture_kind that captures an argument of this style; SR_CAP_NONE for the others.
uint8_t capture_kind(ArgStyle style);
// sr_capture_spec.size for the SR_CAP_OBJ_* kinds: the object's bytes; 0 for the others.
uint8_t capture_size(ArgStyle style);

struct ArgSpec {
  ArgStyle style = ArgStyle::Hex;
  int8_t capture = -1;  // capture slot holding this argument's data (for SockaddrLenOut: the
                        // slot of the sockaddr it measures); -1 when none
  int8_t ref = -1;      // another argument this one's rendering depends on (OpenMode, SockProtocol)
};

struct SyscallSemantics {
  uint8_t nargs = 6;            // arguments strace would print
  ArgSpec args[6];
  Special special = Special::None;  // args[] are then unused by the decoder
  sr_syscall_captures captures{};
};

// Signature-less syscalls (the built-in table without tracefs) get a small built-in signature
// list for the syscalls decoded specially; any other one prints all 6 registers as hex, since
// without a signature there is no telling how many arguments it takes.
SyscallSemantics syscall_semantics(const SyscallInfo& info);

// What the BPF side must capture for this syscall (map syscall_captures). Enter captures come
// before exit captures in slot order: a record's data holds captures in the order they were
// taken, and the layout in events.h puts slot 0's bytes first.
sr_syscall_captures capture_plan(const SyscallInfo& info);

}  // namespace sysray::decode
