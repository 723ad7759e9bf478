// What each syscall's arguments mean: how strace would print them, and which of them the BPF
// side must copy out of the traced process (sr_syscall_captures). Derived once per syscall from
// its tracefs signature (types and names), plus a few per-syscall rules; the hot path then only
// indexes a precomputed SyscallSemantics by syscall number.
#pragma once
#include <string_view>
#include <cstdint>

#include "decode/arg_styles.h"
#include "decode/syscall_table.h"
#include "sysray/events.h"

namespace sysray::decode {

// Syscalls whose arguments cannot be rendered one by one from their own register: clone
// prints named arguments chosen by its flags, the socket options depend on level and name,
// fcntl's and futex's later arguments (how many, and what they are) on the command.
// ArgDecoder hands these to their own decoders (special_syscalls.h).
enum class Special : uint8_t {
  None, Clone, Clone3, Setsockopt, Getsockopt, Fcntl, Futex, Ioctl, RtSigreturn
};

struct ArgSpec {
  ArgStyle style = ArgStyle::Hex;
  int8_t capture = -1;  // capture slot holding this argument's data (for a style that borrows
                        // another's capture: that slot); -1 when none
  int8_t ref = -1;      // the argument this one's rendering depends on (ArgStyleTraits::ref)
  int8_t in_capture = -1;  // SockaddrLenOut: the slot holding the length as it went in (read
                           // at enter), when a slot was free for it; -1 otherwise
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

// Is an argument of this name a file descriptor ("fd", "oldfd", "epfd", ...), or a directory
// descriptor that may be AT_FDCWD ("dfd", "dirfd", ...)? From tracefs's argument names.
bool is_fd_arg_name(std::string_view name);
bool is_dirfd_arg_name(std::string_view name);

// What the BPF side must capture for this syscall (map syscall_captures). Enter captures come
// before exit captures in slot order: a record's data holds captures in the order they were
// taken, and the layout in events.h puts slot 0's bytes first.
sr_syscall_captures capture_plan(const SyscallInfo& info);

}  // namespace sysray::decode
