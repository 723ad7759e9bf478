// Argument lists of the syscalls sysray decodes specially, for when tracefs (the usual source of
// signatures) cannot be read and the syscall table only knows names and numbers.
#pragma once
#include <optional>
#include <string_view>

#include "decode/syscall_table.h"

namespace sysray::decode {

// The x86_64 signature of `name` as tracefs would give it (nr left -1, args_known true), or
// nullopt for a syscall outside the list.
std::optional<SyscallInfo> builtin_signature(std::string_view name);

}  // namespace sysray::decode
