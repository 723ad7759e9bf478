#include "decode/syscall_semantics.h"

#include <sys/syscall.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "decode/builtin_signatures.h"
#include "decode/special_syscalls.h"

namespace sysray::decode {

namespace {

using std::string_view;

template <size_t N>
bool one_of(string_view s, const std::array<string_view, N>& set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Argument names tracefs gives NUL-terminated path strings (strace prints them quoted).
constexpr std::array<string_view, 6> kPathNames = {"filename", "pathname", "path",
                                                   "oldname",  "newname",  "name"};
constexpr std::array<string_view, 10> kFdNames = {"fd",    "fildes", "oldfd",  "newfd", "epfd",
                                                  "in_fd", "out_fd", "fd_in",  "fd_out", "pidfd"};
constexpr std::array<string_view, 4> kDirfdNames = {"dfd", "olddfd", "newdfd", "dirfd"};
constexpr std::array<string_view, 3> kBufferNames = {"buf", "buff", "ubuf"};
constexpr std::array<string_view, 4> kWriters = {"write", "pwrite64", "send", "sendto"};
constexpr std::array<string_view, 4> kReaders = {"read", "pread64", "recv", "recvfrom"};

// Arguments whose meaning the signature alone does not tell (an `unsigned long prot` is a
// PROT_* set only because it belongs to mmap).
struct Override {
  string_view syscall, arg;
  ArgStyle style;
};
constexpr Override kOverrides[] = {
    {"open", "flags", ArgStyle::OpenFlags},       {"open", "mode", ArgStyle::OpenMode},
    {"openat", "flags", ArgStyle::OpenFlags},     {"openat", "mode", ArgStyle::OpenMode},
    {"socket", "family", ArgStyle::SockDomain},   {"socket", "type", ArgStyle::SockType},
    {"socket", "protocol", ArgStyle::SockProtocol},
    {"socketpair", "family", ArgStyle::SockDomain}, {"socketpair", "type", ArgStyle::SockType},
    {"socketpair", "protocol", ArgStyle::SockProtocol},
    {"accept4", "flags", ArgStyle::SockFlags},
    {"send", "flags", ArgStyle::MsgFlags},        {"sendto", "flags", ArgStyle::MsgFlags},
    {"recv", "flags", ArgStyle::MsgFlags},        {"recvfrom", "flags", ArgStyle::MsgFlags},
    {"sendmsg", "flags", ArgStyle::MsgFlags},     {"recvmsg", "flags", ArgStyle::MsgFlags},
    {"mmap", "addr", ArgStyle::Pointer},          {"mmap", "prot", ArgStyle::MmapProt},
    {"mmap", "flags", ArgStyle::MmapFlags},       {"mmap", "off", ArgStyle::Hex},
    {"mprotect", "start", ArgStyle::Pointer},     {"mprotect", "prot", ArgStyle::MmapProt},
    {"munmap", "addr", ArgStyle::Pointer},        {"brk", "brk", ArgStyle::Pointer},
    {"mremap", "addr", ArgStyle::Pointer},        {"mremap", "new_addr", ArgStyle::Pointer},
    {"madvise", "start", ArgStyle::Pointer},
    {"clone", "clone_flags", ArgStyle::CloneFlags}, {"clone", "newsp", ArgStyle::Pointer},
    {"clone", "tls", ArgStyle::Pointer},
    {"newfstatat", "flag", ArgStyle::AtFlags},    {"unlinkat", "flag", ArgStyle::AtFlags},
    {"linkat", "flags", ArgStyle::AtFlags},       {"execveat", "flags", ArgStyle::AtFlags},
    {"fchownat", "flag", ArgStyle::AtFlags},      {"utimensat", "flags", ArgStyle::AtFlags},
    {"access", "mode", ArgStyle::AccessMode},     {"faccessat", "mode", ArgStyle::AccessMode},
    {"faccessat2", "mode", ArgStyle::AccessMode}, {"faccessat2", "flags", ArgStyle::AccessAtFlags},
    {"wait4", "stat_addr", ArgStyle::WaitStatus}, {"wait4", "options", ArgStyle::WaitOptions},
    {"execve", "argv", ArgStyle::Argv},           {"execve", "envp", ArgStyle::Envp},
    {"execveat", "fd", ArgStyle::Dirfd},          {"execveat", "argv", ArgStyle::Argv},         {"execveat", "envp", ArgStyle::Envp},
    {"pipe", "fildes", ArgStyle::FdPairOut},      {"pipe2", "fildes", ArgStyle::FdPairOut},
    {"pipe2", "flags", ArgStyle::FdFlags},        {"socketpair", "usockvec", ArgStyle::FdPairOut},
    {"dup3", "flags", ArgStyle::FdFlags},         {"eventfd2", "flags", ArgStyle::EventfdFlags},
    {"epoll_create1", "flags", ArgStyle::EpollFlags},
    {"epoll_ctl", "op", ArgStyle::EpollCtlOp},     {"epoll_ctl", "event", ArgStyle::EpollEventIn},
    {"epoll_wait", "events", ArgStyle::EpollEventsOut},
    {"epoll_pwait", "events", ArgStyle::EpollEventsOut},
    {"epoll_pwait2", "events", ArgStyle::EpollEventsOut},
    {"sigaltstack", "uss", ArgStyle::StackIn},    {"sigaltstack", "uoss", ArgStyle::StackOut},
    {"uname", "name", ArgStyle::UtsnameOut},  // tracefs's newuname, named as the table names it
    {"sysinfo", "info", ArgStyle::SysinfoOut},
    {"sched_getaffinity", "user_mask_ptr", ArgStyle::CpuSetOut},
    {"getcwd", "buf", ArgStyle::CwdOut},
    {"splice", "flags", ArgStyle::SpliceFlags},   {"tee", "flags", ArgStyle::SpliceFlags},
    {"vmsplice", "flags", ArgStyle::SpliceFlags},
    {"getrlimit", "rlim", ArgStyle::RlimitOut},   {"setrlimit", "rlim", ArgStyle::RlimitIn},
    {"timerfd_create", "clockid", ArgStyle::ClockId}, {"timerfd_create", "flags", ArgStyle::TimerfdFlags},
    {"timerfd_settime", "flags", ArgStyle::TimerfdFlags},
    {"timerfd_settime", "utmr", ArgStyle::ItimerspecIn}, {"timerfd_settime", "otmr", ArgStyle::ItimerspecOut},
    {"timerfd_gettime", "otmr", ArgStyle::ItimerspecOut},
    {"statfs", "buf", ArgStyle::StatfsOut},       {"fstatfs", "buf", ArgStyle::StatfsOut},
    {"utimensat", "utimes", ArgStyle::UtimensIn},
    {"lseek", "whence", ArgStyle::Whence},        {"flock", "cmd", ArgStyle::FlockOp},
    {"fadvise64", "advice", ArgStyle::FadviseAdvice},
    {"shutdown", "how", ArgStyle::ShutdownHow},   {"madvise", "behavior", ArgStyle::MadviseAdvice},
    {"arch_prctl", "option", ArgStyle::ArchPrctlCode}, {"arch_prctl", "arg2", ArgStyle::Pointer},
    {"prlimit64", "resource", ArgStyle::RlimitResource},
    {"prlimit64", "new_rlim", ArgStyle::RlimitIn}, {"prlimit64", "old_rlim", ArgStyle::RlimitOut},
    {"getrlimit", "resource", ArgStyle::RlimitResource},
    {"setrlimit", "resource", ArgStyle::RlimitResource},
    {"getrandom", "ubuf", ArgStyle::RandomOut},   {"getrandom", "flags", ArgStyle::GetrandomFlags},
    {"readlink", "buf", ArgStyle::BufferOut},     {"readlinkat", "buf", ArgStyle::BufferOut},
    {"getdents64", "dirent", ArgStyle::DirentsOut}, {"getdents", "dirent", ArgStyle::DirentsOut},
    {"kill", "sig", ArgStyle::Signal},            {"tkill", "sig", ArgStyle::Signal},
    {"tgkill", "sig", ArgStyle::Signal},          {"rt_sigaction", "sig", ArgStyle::Signal},
    {"rt_sigaction", "act", ArgStyle::SigactionIn}, {"rt_sigaction", "oact", ArgStyle::SigactionOut},
    {"rt_sigprocmask", "how", ArgStyle::SigprocmaskHow},
    {"rt_sigprocmask", "nset", ArgStyle::SigsetIn}, {"rt_sigprocmask", "oset", ArgStyle::SigsetOut},
    {"umask", "mask", ArgStyle::Mode},            {"statx", "buffer", ArgStyle::StatxOut},
    {"statx", "flags", ArgStyle::StatxFlags},     {"statx", "mask", ArgStyle::StatxMask},
    {"nanosleep", "rqtp", ArgStyle::TimespecIn}, {"nanosleep", "rmtp", ArgStyle::RemainingOut},
    {"clock_nanosleep", "which_clock", ArgStyle::ClockId}, {"clock_nanosleep", "flags", ArgStyle::TimerFlags},
    {"clock_nanosleep", "rqtp", ArgStyle::TimespecIn}, {"clock_nanosleep", "rmtp", ArgStyle::RemainingOut},
    {"clock_gettime", "which_clock", ArgStyle::ClockId}, {"clock_gettime", "tp", ArgStyle::TimespecOut},
    {"clock_getres", "which_clock", ArgStyle::ClockId}, {"clock_getres", "tp", ArgStyle::TimespecOut},
    {"clock_settime", "which_clock", ArgStyle::ClockId}, {"clock_settime", "tp", ArgStyle::TimespecIn},
    {"rt_sigqueueinfo", "sig", ArgStyle::Signal}, {"rt_sigqueueinfo", "uinfo", ArgStyle::SiginfoIn},
    {"rt_tgsigqueueinfo", "sig", ArgStyle::Signal}, {"rt_tgsigqueueinfo", "uinfo", ArgStyle::SiginfoIn},
    {"rt_sigtimedwait", "uthese", ArgStyle::SigsetIn}, {"rt_sigtimedwait", "uinfo", ArgStyle::SiginfoOut},
    {"rt_sigtimedwait", "uts", ArgStyle::TimespecIn},
    {"waitid", "infop", ArgStyle::SiginfoOut},
    {"rseq", "rseq_len", ArgStyle::Hex},          {"rseq", "sig", ArgStyle::Hex},  // strace: "0x20", "0x53053053"
};

string_view strip_const(string_view type) {
  constexpr string_view kConst = "const ";
  return type.substr(0, kConst.size()) == kConst ? type.substr(kConst.size()) : type;
}

// Width and signedness from the C type, so that an `int` -1 prints as -1 whatever the upper
// half of its register holds.
ArgStyle style_of_type(string_view type) {
  type = strip_const(type);
  if (type.find('*') != string_view::npos) return ArgStyle::Pointer;
  constexpr std::array<string_view, 2> kPointerTypedefs = {"cap_user_header_t",
                                                            "cap_user_data_t"};
  constexpr std::array<string_view, 5> kULong = {"unsigned long", "size_t", "u64", "__u64",
                                                 "aio_context_t"};
  constexpr std::array<string_view, 6> kLong = {"long", "loff_t", "off_t",
                                                "ssize_t", "s64", "__s64"};
  constexpr std::array<string_view, 8> kUnsigned = {
      "unsigned int", "unsigned", "u32", "__u32", "qid_t", "old_uid_t", "old_gid_t", "umode_t"};
  constexpr std::array<string_view, 2> kIds = {"uid_t", "gid_t"};
  if (one_of(type, kPointerTypedefs)) return ArgStyle::Pointer;
  if (one_of(type, kULong)) return ArgStyle::ULong;
  if (one_of(type, kLong)) return ArgStyle::Long;
  if (one_of(type, kUnsigned)) return ArgStyle::Unsigned;
  if (one_of(type, kIds)) return ArgStyle::Id;
  return ArgStyle::Int;
}

bool is_pointer_type(string_view type) { return type.find('*') != string_view::npos; }

// The style of args[i] on its own; SockaddrLenOut and refs are settled afterwards.
ArgStyle style_of_arg(const SyscallInfo& info, size_t i) {
  const SyscallArg& a = info.args[i];
  for (const Override& o : kOverrides) {
    if (o.syscall == info.name && o.arg == a.name) return o.style;
  }
  string_view type = a.type;
  if (type == "const char *" && one_of(string_view(a.name), kPathNames)) return ArgStyle::Path;
  bool has_next = i + 1 < info.args.size();  // a length argument beside this one
  if (is_pointer_type(type) && one_of(string_view(a.name), kBufferNames) && has_next) {
    if (one_of(string_view(info.name), kWriters)) return ArgStyle::BufferIn;
    if (one_of(string_view(info.name), kReaders)) return ArgStyle::BufferOut;
  }
  if (strip_const(type) == "struct sockaddr *" && has_next) {
    // The length beside it says the direction: a value going in, or an int * coming back.
    return info.args[i + 1].type == "int *" ? ArgStyle::SockaddrOut : ArgStyle::SockaddrIn;
  }
  if (type == "struct user_msghdr *") {
    if (info.name == "sendmsg") return ArgStyle::MsghdrIn;
    if (info.name == "recvmsg") return ArgStyle::MsghdrOut;
  }
  if (type == "struct stat *") return ArgStyle::StatOut;  // stat, fstat, lstat, newfstatat
  if (one_of(string_view(a.name), kFdNames)) return ArgStyle::Int;  // strace prints fds signed
  if (one_of(string_view(a.name), kDirfdNames)) return ArgStyle::Dirfd;
  if (strip_const(type) == "umode_t") return ArgStyle::Mode;
  return style_of_type(type);
}

// The int an accept/getsockname address length points to, as it goes in ("[112 => 16]").
constexpr Read kSocklenIn = Read::bytes().at(0).size(sizeof(int));

// A length beside an output address: accept's, getsockname's, recvfrom's `int *`.
void mark_sockaddr_lengths(SyscallSemantics& s) {
  for (int i = 1; i < s.nargs; ++i)
    if (s.args[i - 1].style == ArgStyle::SockaddrOut) s.args[i].style = ArgStyle::SockaddrLenOut;
}

// Hands out the capture slots: at most SR_MAX_CAPTURES, the arguments' own captures in argument
// order, then a SockaddrLenOut's input length if a slot is left; enter captures first in the
// slots (see capture_plan in the header). An argument left without a slot prints as a pointer.
void assign_captures(SyscallSemantics& s) {
  struct Want {
    int arg;
    Read recipe;
    bool in_length;  // a SockaddrLenOut's kSocklenIn, not the argument's own capture
  };
  auto enter_first = [](std::vector<Want>& w) {
    std::stable_partition(w.begin(), w.end(), [](const Want& x) { return !x.recipe.is_exit(); });
  };
  std::vector<Want> wanted;
  for (int i = 0; i < s.nargs; ++i) {
    const Read& own = capture_recipe(s.args[i].style);
    if (!own.empty()) wanted.push_back({i, own, false});
  }
  enter_first(wanted);
  while (wanted.size() > SR_MAX_CAPTURES) {
    s.args[wanted.back().arg].style = ArgStyle::Pointer;
    wanted.pop_back();
  }
  for (int i = 1; i < s.nargs && wanted.size() < SR_MAX_CAPTURES; ++i)
    if (s.args[i].style == ArgStyle::SockaddrLenOut && s.args[i - 1].style == ArgStyle::SockaddrOut)
      wanted.push_back({i, kSocklenIn, true});
  enter_first(wanted);
  for (size_t slot = 0; slot < wanted.size(); ++slot) {
    const Want& w = wanted[slot];
    s.captures.cap[slot] = w.recipe.relative_to(static_cast<uint8_t>(w.arg));
    (w.in_length ? s.args[w.arg].in_capture : s.args[w.arg].capture) = static_cast<int8_t>(slot);
  }
}

int8_t find_style(const SyscallSemantics& s, ArgStyle style) {
  for (int8_t i = 0; i < s.nargs; ++i) {
    if (s.args[i].style == style) return i;
  }
  return -1;
}

// Links arguments to the ones they depend on, once every style is known.
void link_args(SyscallSemantics& s) {
  for (int i = 0; i < s.nargs; ++i) {
    ArgSpec& a = s.args[i];
    if (auto ref = arg_style(a.style).ref) {
      a.ref = find_style(s, *ref);
      if (a.ref < 0) a.style = ArgStyle::Int;
    }
    // An output sockaddr's length prints from the address's capture; without it (assign_captures
    // demoted the address to a pointer) the length is a pointer too.
    if (a.style == ArgStyle::SockaddrLenOut) {
      bool after_address = s.args[i - 1].style == ArgStyle::SockaddrOut;
      a.capture = after_address ? s.args[i - 1].capture : -1;
      if (!after_address) a.style = ArgStyle::Pointer;
    }
    // envp is counted by argv's capture; without one (argv demoted) it is a pointer.
    if (a.style == ArgStyle::Envp) {
      bool after_argv = i > 0 && s.args[i - 1].style == ArgStyle::Argv;
      if (after_argv) a.capture = s.args[i - 1].capture;
      if (!after_argv || a.capture < 0) a.style = ArgStyle::Pointer;
    }
  }
}

SyscallSemantics from_signature(const SyscallInfo& info) {
  SyscallSemantics s;
  s.nargs = static_cast<uint8_t>(std::min<size_t>(info.args.size(), 6));
  for (size_t i = 0; i < s.nargs; ++i) s.args[i].style = style_of_arg(info, i);
  mark_sockaddr_lengths(s);
  assign_captures(s);
  link_args(s);
  return s;
}

}  // namespace

bool is_fd_arg_name(std::string_view name) { return one_of(name, kFdNames); }
bool is_dirfd_arg_name(std::string_view name) { return one_of(name, kDirfdNames); }

SyscallSemantics syscall_semantics(const SyscallInfo& info) {
  SyscallSemantics s;
  if (info.args_known) {
    s = from_signature(info);
  } else if (auto sig = builtin_signature(info.name)) {
    s = from_signature(*sig);
  }  // else: 6 hex registers (the defaults)
  s.special = special_of(info.name);
  if (s.special != Special::None) s.captures = special_captures(s.special);
  return s;
}

sr_syscall_captures capture_plan(const SyscallInfo& info) {
  return syscall_semantics(info).captures;
}

}  // namespace sysray::decode
