// strace's -e signal=SET: which delivered signals `trace` shows ("--- SIGCHLD {...} ---").
// "signal=all" (the default), "signal=none", "signal=SIGUSR1,chld,17", "signal=!SIGIO";
// also spelled "signals=" and "s=".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sysray {

// Bit sig - 1 for each signal 1..64.
using SignalSet = uint64_t;

// Is this -e expression a signal= one (else it chooses syscalls)?
bool is_signal_expr(std::string_view expr);

// The last signal= expression among `exprs` decides, as in strace; all signals when there is
// none. Throws UserError naming a signal it does not know, e.g.
//   unknown signal 'SIGFOO' in -e signal=SIGFOO
SignalSet parse_signal_filters(const std::vector<std::string>& exprs);

}  // namespace sysray
