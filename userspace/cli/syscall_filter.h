// strace's -e syntax for choosing syscalls: "bind,connect", "trace=bind,connect", "t=bind",
// "trace=%net", "%file,close", "!write" (negation of the whole list), "trace=all", "none",
// "?name" (no error if unknown), "/regex", syscall numbers ("3").
#pragma once
#include <bitset>
#include <string>
#include <string_view>
#include <vector>

#include "decode/syscall_table.h"
#include "sysray/events.h"

namespace sysray {

using SyscallSet = std::bitset<SR_MAX_SYSCALLS>;

// Classes: %net (%network), %file, %process, %desc, %memory, %signal, %ipc, %creds, %clock,
// %stat, %lstat, %fstat, %%stat, %statfs, %fstatfs, %%statfs, %pure, like strace's.
// Throws UserError on bad input, e.g.
//   unknown syscall 'foo' (see /sys/kernel/tracing/events/syscalls or ausyscall --dump)
//   unknown syscall class '%foo' (known: %net %network %file ...)
//   unsupported -e qualifier 'read' (only trace=, signal= and status= are supported)
SyscallSet parse_syscall_filter(std::string_view expr, const decode::SyscallTable& table);

// Several -e options, as strace takes them: each is checked, and the last trace= one decides
// (`-e trace=bind -e trace=connect` traces connect only). All syscalls when `exprs` is empty.
// signal= and status= expressions are skipped here (cli/signal_filter.h, cli/status_filter.h).
SyscallSet parse_syscall_filters(const std::vector<std::string>& exprs,
                                 const decode::SyscallTable& table);

}  // namespace sysray
