// funccount's patterns ('udp_*', 't:sock:*') → the functions and tracepoints to count, the
// backend they attach with, and what they counted: shared by `funccount` and `exporter --funcs`.
#pragma once
#include <string>
#include <vector>

#include "bpfload/funccount_programs.h"
#include "format/funccount_report.h"

namespace sysray {

struct Resolved {
  std::vector<std::string> functions;
  std::vector<Tracepoint> tracepoints;
};

// Chooses the backend for kernel-function patterns first (`requested`: --backend; on a kernel
// where none attaches, that is said before anything else), then resolves every pattern, said on
// stderr as funccount says it. Fills config.functions, .tracepoints and .backend; returns the
// names in slot order. Throws UserError.
Resolved resolve_count_patterns(const std::vector<std::string>& patterns, const std::string& requested,
                                bool verbose, FunccountConfig& config);
// "kprobe-multi", "fentry", ... or "tracepoint" when only tracepoints are counted.
const char* count_backend_label(const Resolved& r, const FunccountConfig& config);

// Once attached: a line per refused attachment and "counting N functions and M tracepoints
// with BACKEND (attached in X ms)" on stderr. Returns N and M.
struct AttachedCounts {
  size_t functions = 0;
  size_t tracepoints = 0;
};
AttachedCounts say_attached(const Resolved& r, const FunccountPrograms& programs, const char* backend,
                    double attach_ms);

// Only the slots that got a probe, most counted first: one the kernel refused was said on
// stderr ("could not attach"), and a count of 0 for it would read as "never called".
// `stacks` (--stacks): each slot's counted stacks, moved into its row.
std::vector<FunctionCount> rows_of(const Resolved& r, const FunccountPrograms& programs,
                                   const std::vector<uint64_t>& counts,
                                   std::vector<std::vector<CountedStack>>* stacks = nullptr);

}  // namespace sysray
