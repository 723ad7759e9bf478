// One row per ArgStyle, in enum order: what the BPF side captures for the argument, whether its
// value is only known at exit, and how it renders. syscall_semantics.cpp plans captures from
// these rows and render_arg (arg_render.cpp) dispatches through them.
#include "decode/arg_styles.h"

#include <fcntl.h>
#include <sys/epoll.h>

#include <array>
#include <iterator>
#include <string>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/flags.h"
#include "decode/kernel_structs.h"
#include "decode/msg_flags.h"

namespace sysray::decode {

namespace {

int32_t as_int(uint64_t raw) { return static_cast<int32_t>(static_cast<uint32_t>(raw)); }
uint32_t as_uint(uint64_t raw) { return static_cast<uint32_t>(raw); }

// Scalars: printed from the register alone.
void render_hex(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_hex(out, raw);
}
void render_int(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_int(out, as_int(raw));
}
void render_long(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_int(out, static_cast<int64_t>(raw));
}
void render_unsigned(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_unsigned(out, as_uint(raw));
}
void render_id(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  if (as_uint(raw) == UINT32_MAX) return set_int(out, -1);  // "(uid_t) -1": leave it unchanged
  set_unsigned(out, as_uint(raw));
}
void render_ulong(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_unsigned(out, raw);
}
void render_pointer(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_pointer(out, raw);
}
void render_dirfd(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  if (as_int(raw) != AT_FDCWD) return set_int(out, as_int(raw));
  set_symbol(out, as_int(raw), format_dirfd(AT_FDCWD));
}
void render_mode(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_symbol(out, raw, format_mode(raw & 0xffff));  // umode_t
}
void render_sock_protocol(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                          DecodedArg& out) {
  set_symbol_or_zero(out, raw, format_socket_protocol(as_uint(ev.args[spec.ref]), as_uint(raw)));
}
void render_signal(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_signal(out, raw);
}

// A symbol from a formatter of flags.h or msg_flags.h, given the whole register or, where the
// kernel takes an int, its low 32 bits.
using Formatter = std::string (*)(uint64_t);
enum class Width { kRegister, kInt };
uint64_t bits(uint64_t raw, Width w) { return w == Width::kInt ? as_uint(raw) : raw; }

template <Formatter F, Width W>
void symbol(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_symbol(out, raw, F(bits(raw, W)));
}
// A flag set whose empty rendering "0" is a number in JSON.
template <Formatter F, Width W>
void flags(const SyscallEvent&, const ArgSpec&, uint64_t raw, DecodedArg& out) {
  set_symbol_or_zero(out, raw, F(bits(raw, W)));
}

// Capture styles: printed from the capture when it holds readable data of the kind the style
// reads and the pointer is not NULL; as the pointer otherwise, as strace does.
template <CaptureRenderer R>
void captured(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw, DecodedArg& out) {
  const Capture* c = readable_capture(ev, spec, read_primitive(spec.style));
  if (!c || raw == 0) return set_pointer(out, raw);
  R(*c, raw, out);
}

// epoll_ctl's event, except for EPOLL_CTL_DEL (strace prints the address it ignores).
void render_epoll_ctl_event(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                            DecodedArg& out) {
  if (spec.ref >= 0 && as_int(ev.args[spec.ref]) == EPOLL_CTL_DEL) return set_pointer(out, raw);
  captured<render_epoll_event>(ev, spec, raw, out);
}

using S = ArgStyle;

// The recipes several rows share.
// A fixed-size object at the argument, read at enter / filled by a successful call.
constexpr Read object_in(uint16_t size) { return Read::bytes().at(0).size(size); }
constexpr Read object_out(uint16_t size) { return object_in(size).at_exit(SR_IF_OK); }
// The bytes a call returned (read, getrandom), up to -s.
constexpr Read kReturnedBytes = Read::bytes().at(0).length_returned().at_exit(SR_IF_POSITIVE);
// sendmsg/recvmsg: the peer address a struct user_msghdr points to.
constexpr Read kMsgName = Read::bytes()
                              .through_field(0, kMsgNameOffset)
                              .length_field(0, kMsgNamelenOffset)
                              .max(SR_SOCKADDR_MAX);
constexpr Width kReg = Width::kRegister;
constexpr Width kInt = Width::kInt;

constexpr ArgStyleTraits kRows[] = {
    // Raw register: "0x1f", "0" (signature unknown, offsets).
    {.style = S::Hex, .render = render_hex},
    // Signed 32-bit: int, pid_t, file descriptors.
    {.style = S::Int, .render = render_int},
    // Signed 64-bit: long, loff_t.
    {.style = S::Long, .render = render_long},
    // Unsigned 32-bit.
    {.style = S::Unsigned, .render = render_unsigned},
    // Unsigned 64-bit: size_t, unsigned long.
    {.style = S::ULong, .render = render_ulong},
    // An address: "0x7ffd1234", "NULL".
    {.style = S::Pointer, .render = render_pointer},
    // "AT_FDCWD" or the descriptor.
    {.style = S::Dirfd, .render = render_dirfd},
    // "O_RDONLY|O_CLOEXEC".
    {.style = S::OpenFlags, .render = symbol<format_open_flags, kInt>},
    // "0644".
    {.style = S::Mode, .render = render_mode},
    // open's mode: printed only when its flags have O_CREAT or O_TMPFILE (arg_decoder.cpp).
    {.style = S::OpenMode, .render = render_mode, .ref = S::OpenFlags},
    // "AF_INET".
    {.style = S::SockDomain, .render = symbol<format_socket_domain, kInt>},
    // "SOCK_STREAM|SOCK_CLOEXEC".
    {.style = S::SockType, .render = symbol<format_socket_type, kInt>},
    // "IPPROTO_TCP": what the number means depends on the domain.
    {.style = S::SockProtocol, .render = render_sock_protocol, .ref = S::SockDomain},
    // accept4: "SOCK_CLOEXEC|SOCK_NONBLOCK".
    {.style = S::SockFlags, .render = flags<format_accept_flags, kInt>},
    // send/recv: "MSG_DONTWAIT|MSG_NOSIGNAL".
    {.style = S::MsgFlags, .render = flags<format_msg_flags, kInt>},
    // "PROT_READ|PROT_WRITE".
    {.style = S::MmapProt, .render = symbol<format_mmap_prot, kReg>},
    // "MAP_PRIVATE|MAP_ANONYMOUS".
    {.style = S::MmapFlags, .render = symbol<format_mmap_flags, kReg>},
    // "CLONE_VM|...|SIGCHLD".
    {.style = S::CloneFlags, .render = symbol<format_clone_flags, kReg>},
    // A NUL-terminated string: "/etc/passwd".
    {.style = S::Path, .render = captured<render_path>, .capture = Read::string().at(0)},
    // Bytes going in (write), as many as the next argument says.
    {.style = S::BufferIn, .render = captured<render_buffer>,
     .capture = Read::bytes().at(0).length_arg(1)},
    // Bytes coming back (read), as many as returned.
    {.style = S::BufferOut, .render = render_read_buffer, .capture = kReturnedBytes},
    // getrandom's buffer: the same, printed as "\x54\x89..." like strace.
    {.style = S::RandomOut, .render = render_random_bytes, .capture = kReturnedBytes},
    // A struct sockaddr going in (bind, connect, sendto).
    {.style = S::SockaddrIn, .render = captured<render_sockaddr>,
     .capture = Read::bytes().at(0).length_arg(1).max(SR_SOCKADDR_MAX)},
    // A struct sockaddr coming back (accept, recvfrom); its length argument is an int *.
    {.style = S::SockaddrOut, .render = captured<render_sockaddr>,
     .capture = Read::bytes().at(0).length_field(1).max(SR_SOCKADDR_MAX).at_exit(SR_IF_OK)},
    // The int * beside an output sockaddr: "[16]", from that capture's full_len.
    {.style = S::SockaddrLenOut, .render = render_sockaddr_len, .at_exit = true,
     .borrows = S::SockaddrOut},
    // struct user_msghdr: its msg_name, captured at enter (sendmsg).
    {.style = S::MsghdrIn, .render = captured<render_msghdr>, .capture = kMsgName},
    // ... at exit (recvmsg).
    {.style = S::MsghdrOut, .render = captured<render_msghdr>,
     .capture = kMsgName.at_exit(SR_IF_OK)},
    // execve's argv: ["prog", "arg"]; the capture also counts envp, the next argument.
    {.style = S::Argv, .render = captured<render_argv>, .capture = Read::argv(1).at(0)},
    // execve's envp: "0x7ffd... /* 23 vars */", from the Argv capture.
    {.style = S::Envp, .render = captured<render_envp>, .borrows = S::Argv},
    // "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH" (newfstatat, unlinkat, execveat ...).
    {.style = S::AtFlags, .render = flags<format_at_flags, kInt>},
    // access(2)'s mode: "F_OK", "R_OK|W_OK".
    {.style = S::AccessMode, .render = symbol<format_access_mode, kInt>},
    // faccessat2's flags: "AT_EACCESS|AT_SYMLINK_NOFOLLOW".
    {.style = S::AccessAtFlags, .render = flags<format_access_at_flags, kInt>},
    // wait4's int *: "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]".
    {.style = S::WaitStatus, .render = captured<render_wait_status>,
     .capture = object_out(sizeof(int))},
    // "WNOHANG|__WALL".
    {.style = S::WaitOptions, .render = flags<format_wait_options, kInt>},
    // pipe2, dup3: open flags without an access mode, "O_CLOEXEC", "0".
    {.style = S::FdFlags, .render = flags<format_fd_flags, kInt>},
    // "EFD_CLOEXEC|EFD_NONBLOCK".
    {.style = S::EventfdFlags, .render = flags<format_eventfd_flags, kInt>},
    // epoll_create1: "EPOLL_CLOEXEC".
    {.style = S::EpollFlags, .render = flags<format_epoll_flags, kInt>},
    // lseek: "SEEK_CUR".
    {.style = S::Whence, .render = symbol<format_whence, kInt>},
    // fadvise64: "POSIX_FADV_SEQUENTIAL".
    {.style = S::FadviseAdvice, .render = symbol<format_fadvise, kReg>},
    // "LOCK_EX|LOCK_NB".
    {.style = S::FlockOp, .render = flags<format_flock_op, kInt>},
    // "SHUT_WR".
    {.style = S::ShutdownHow, .render = symbol<format_shutdown_how, kReg>},
    // "MADV_DONTNEED".
    {.style = S::MadviseAdvice, .render = symbol<format_madvise, kReg>},
    // "ARCH_SET_FS".
    {.style = S::ArchPrctlCode, .render = symbol<format_arch_prctl, kReg>},
    // "RLIMIT_STACK".
    {.style = S::RlimitResource, .render = symbol<format_rlimit_resource, kReg>},
    // "GRND_NONBLOCK".
    {.style = S::GetrandomFlags, .render = flags<format_getrandom_flags, kReg>},
    // kill, tgkill: "SIGTERM", 0 as "0".
    {.style = S::Signal, .render = render_signal},
    // "SIG_BLOCK".
    {.style = S::SigprocmaskHow, .render = symbol<format_sigprocmask_how, kReg>},
    // pipe, pipe2, socketpair: int[2] filled by the call, "[3, 4]".
    {.style = S::FdPairOut, .render = captured<render_fd_pair>, .capture = object_out(2 * sizeof(int))},
    // prlimit64's new limit: "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}".
    {.style = S::RlimitIn, .render = captured<render_rlimit>, .capture = object_in(kRlimit64Size)},
    // ... its old limit.
    {.style = S::RlimitOut, .render = captured<render_rlimit>, .capture = object_out(kRlimit64Size)},
    // rt_sigaction's act: "{sa_handler=SIG_IGN, sa_mask=[], sa_flags=...}".
    {.style = S::SigactionIn, .render = captured<render_sigaction>, .capture = object_in(kKernelSigactionSize)},
    // ... its oldact.
    {.style = S::SigactionOut, .render = captured<render_sigaction>, .capture = object_out(kKernelSigactionSize)},
    // rt_sigprocmask's set: "[INT TERM]", "~[RTMIN RT_1]".
    {.style = S::SigsetIn, .render = captured<render_sigset>, .capture = object_in(kKernelSigsetSize)},
    // ... its oldset.
    {.style = S::SigsetOut, .render = captured<render_sigset>, .capture = object_out(kKernelSigsetSize)},
    // struct stat, strace's abbreviated form: "{st_mode=S_IFREG|0644, st_size=1, ...}".
    {.style = S::StatOut, .render = captured<render_stat>, .capture = object_out(kStatSize)},
    // struct statx, abbreviated: "{stx_mask=..., stx_attributes=0, stx_mode=..., ...}".
    {.style = S::StatxOut, .render = captured<render_statx>, .capture = object_out(kStatxHeadSize)},
    // statx: "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW".
    {.style = S::StatxFlags, .render = symbol<format_statx_flags, kInt>},
    // statx: "STATX_MODE|STATX_SIZE".
    {.style = S::StatxMask, .render = flags<format_statx_mask, kInt>},
    // "CLOCK_MONOTONIC".
    {.style = S::ClockId, .render = symbol<format_clock_id, kReg>},
    // clock_nanosleep: "TIMER_ABSTIME", "0".
    {.style = S::TimerFlags, .render = flags<format_timer_flags, kReg>},
    // struct __kernel_timespec read at enter: "{tv_sec=1, tv_nsec=0}".
    {.style = S::TimespecIn, .render = captured<render_timespec>, .capture = object_in(kKernelTimespecSize)},
    // ... read at exit (clock_gettime, clock_getres).
    {.style = S::TimespecOut, .render = captured<render_timespec>, .capture = object_out(kKernelTimespecSize)},
    // nanosleep's rem: the timespec left when interrupted, written only then (else a pointer).
    {.style = S::RemainingOut, .render = captured<render_timespec>,
     .capture = object_in(kKernelTimespecSize).at_exit(SR_IF_RESTART)},
    // rt_sigqueueinfo's siginfo: "{si_signo=SIGUSR1, si_code=SI_QUEUE, ...}"; the head of the
    // user's siginfo_t.
    {.style = S::SiginfoIn, .render = captured<render_siginfo>, .capture = object_in(SR_KERNEL_SIGINFO_SIZE)},
    // ... filled by the call (waitid, rt_sigtimedwait).
    {.style = S::SiginfoOut, .render = captured<render_siginfo>, .capture = object_out(SR_KERNEL_SIGINFO_SIZE)},
    // getdents64's buffer: "0x55d0e1a1b790 /* 974 entries */", the records the call returned
    // counted in the kernel (`size`: where each record's length is, d_reclen).
    {.style = S::DirentsOut, .render = captured<render_dirents>,
     .capture = Read::records(kDirentReclenOffset).at(0).length_returned().at_exit(SR_IF_OK)},
    // uid_t, gid_t: unsigned, but -1 ("leave it unchanged", chown's) as strace prints it.
    {.style = S::Id, .render = render_id},
    // epoll_ctl's op: "EPOLL_CTL_ADD".
    {.style = S::EpollCtlOp, .render = symbol<format_epoll_ctl_op, kInt>},
    // epoll_ctl's event: "{events=EPOLLIN|EPOLLET, data={u32=5, u64=5}}"; the pointer for
    // EPOLL_CTL_DEL, which ignores it.
    {.style = S::EpollEventIn, .render = render_epoll_ctl_event, .capture = object_in(kEpollEventSize),
     .ref = S::EpollCtlOp},
    // epoll_wait's events: "[{events=EPOLLIN, data={u32=3, u64=3}}]", as many as it returned.
    {.style = S::EpollEventsOut, .render = captured<render_epoll_events>,
     .capture = Read::bytes().at(0).items_returned(kEpollEventSize)
                    .max(kEpollEventsShown * kEpollEventSize).at_exit(SR_IF_OK)},
    // sigaltstack's new stack: "{ss_sp=0xc000082000, ss_flags=0, ss_size=32768}".
    {.style = S::StackIn, .render = captured<render_stack>, .capture = object_in(kKernelStackSize)},
    // ... its old one: "{ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}".
    {.style = S::StackOut, .render = captured<render_stack>, .capture = object_out(kKernelStackSize)},
    // uname's struct, its first two strings: "{sysname=\"Linux\", nodename=\"vm\", ...}".
    {.style = S::UtsnameOut, .render = captured<render_utsname>, .capture = object_out(kUtsnameHeadSize)},
    // sysinfo's struct: "{uptime=2416, loads=[203488, 161504, 117984], totalram=..., mem_unit=1}".
    {.style = S::SysinfoOut, .render = captured<render_sysinfo>, .capture = object_out(kSysinfoSize)},
    // sched_getaffinity's mask, as many bytes as it returned: "[0 1]".
    {.style = S::CpuSetOut, .render = captured<render_cpu_set>,
     .capture = Read::bytes().at(0).length_returned().max(kCpuSetShownBytes).at_exit(SR_IF_OK)},
    // getcwd's buffer, the path it filled in: "\"/home/user\"".
    {.style = S::CwdOut, .render = captured<render_path>, .capture = Read::string().at(0).at_exit(SR_IF_POSITIVE)},
    // "SPLICE_F_MOVE|SPLICE_F_NONBLOCK".
    {.style = S::SpliceFlags, .render = flags<format_splice_flags, kInt>},
    // timerfd_create's and timerfd_settime's flags: "TFD_CLOEXEC", "TFD_TIMER_ABSTIME".
    {.style = S::TimerfdFlags, .render = flags<format_timerfd_flags, kInt>},
    // timerfd_settime's new value: "{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=2, tv_nsec=0}}".
    {.style = S::ItimerspecIn, .render = captured<render_itimerspec>, .capture = object_in(kKernelItimerspecSize)},
    // ... its old value, and timerfd_gettime's.
    {.style = S::ItimerspecOut, .render = captured<render_itimerspec>, .capture = object_out(kKernelItimerspecSize)},
    // statfs/fstatfs's struct: "{f_type=EXT2_SUPER_MAGIC, f_bsize=4096, ..., f_flags=ST_VALID|ST_RELATIME}".
    {.style = S::StatfsOut, .render = captured<render_statfs>, .capture = object_out(kStatfsSize)},
    // utimensat's times: "[{tv_sec=1796473324, tv_nsec=162454772} /* 2026-12-05T12:22:04.162454772+0000 */, UTIME_NOW]".
    {.style = S::UtimensIn, .render = captured<render_utimens>, .capture = object_in(kUtimensSize)},
};

static_assert(std::size(kRows) == kArgStyleCount, "one row per ArgStyle");

// The rows as render_arg reads them: at_exit also set where the recipe reads at exit, so that
// the hot path reads one flag.
constexpr std::array<ArgStyleTraits, kArgStyleCount> with_exit_flags() {
  std::array<ArgStyleTraits, kArgStyleCount> out{};
  for (size_t i = 0; i < kArgStyleCount; ++i) {
    out[i] = kRows[i];
    out[i].at_exit = kRows[i].at_exit || kRows[i].capture.is_exit();
  }
  return out;
}
constexpr std::array<ArgStyleTraits, kArgStyleCount> kTable = with_exit_flags();

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

const Read& capture_recipe(ArgStyle style) { return arg_style(style).capture; }

uint8_t read_primitive(ArgStyle style) {
  const ArgStyleTraits& t = arg_style(style);
  return t.borrows ? arg_style(*t.borrows).capture.spec.read : t.capture.spec.read;
}

bool reads_capture(ArgStyle style) { return read_primitive(style) != SR_READ_NONE; }

}  // namespace sysray::decode
