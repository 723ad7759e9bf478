// How a successful return value prints where strace shows more than the number: addresses in
// hex (mmap, brk), umask's old mask in octal, the flags fcntl(F_GETFL/F_GETFD) returns.
#pragma once
#include <optional>
#include <string>

#include "trace/syscall_event.h"

namespace sysray::decode {

// The text after " = " for a call that succeeded (not for errors, nor for calls that never
// returned); nullopt where the plain decimal number is what strace prints. The check is by
// syscall number first, so that the printing hot path pays one comparison for most calls.
std::optional<std::string> format_return_value(const SyscallEvent& ev);

}  // namespace sysray::decode
