// strace's -e syntax for choosing syscalls: "bind,connect", "trace=bind,connect",
// "trace=%net", "%file,close", "!write" (negation), "trace=all".
#pragma once
#include <bitset>
#include <string>
#include <string_view>

#include "decode/syscall_table.h"
#include "sysray/events.h"

namespace sysray {

using SyscallSet = std::bitset<SR_MAX_SYSCALLS>;

// Classes: %net (%network), %file, %process, %desc, %memory, %signal, like strace's.
// Throws UserError("unknown syscall 'foo'") / ("unknown syscall class '%foo'") /
// ("unsupported -e qualifier 'x'") on bad input.
SyscallSet parse_syscall_filter(std::string_view expr, const decode::SyscallTable& table);

}  // namespace sysray
