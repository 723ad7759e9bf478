// Where tracefs is (syscall signatures, tracepoint lists, traceable functions). It is not mounted
// by default everywhere: the commands that read it mount it when root (mount_if_missing), and a
// plain query such as `sysray features` only looks.
#pragma once
#include <string>

namespace sysray {

// "/sys/kernel/tracing" or "/sys/kernel/debug/tracing" (the one that has events/); "" when
// neither does and it was not (or could not be) mounted at /sys/kernel/tracing.
std::string tracefs_dir(bool mount_if_missing);

// Why tracefs_dir() found none, for an error line: not mounted (and not root), or mounted but
// unreadable to this user.
std::string tracefs_missing_reason();

}  // namespace sysray
