// What the funccount runtime tests share: the kernel's facts as `sysray features --json` reports
// them (tests branch on these, never on "am I in a VM"), the exact errors sysray gives when a
// backend is missing, and reading funccount's JSON output.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "runtime_support.h"

namespace sysray::test {

// A feature's verdict in `sysray features --json` (kernel_features_json()).
bool has_feature(const std::string& name);
std::string feature_reason(const std::string& name);

// The backend `funccount --backend auto` picks here ("" when none), by the same rule as
// Features::kernel_function_backend: the fast one needs its return-probe sibling too.
std::string best_function_backend();

// The --backend values and the feature each needs.
struct FuncBackendCase {
  std::string flag, feature;
};
const std::vector<FuncBackendCase>& forced_backends();

// sysray's exact refusal of a kernel-function pattern when no backend attaches here.
std::string no_backend_error();
// ... and of a forced `--backend FLAG` this kernel lacks.
std::string backend_unavailable_error(const FuncBackendCase& b);

// Asserts that `r` failed with exactly `error` on stderr and exit status `exit_code`.
void check_refused(const ProcessResult& r, int exit_code, const std::string& error);

// One funccount JSON line: its backend, interval (0 without -i) and each function's count.
struct FuncCounts {
  std::string backend;
  int interval = 0;
  std::map<std::string, uint64_t> counts;
};
FuncCounts parse_funccount_line(const std::string& line);
// The only output line of a successful run without -i.
FuncCounts counts_of(const ProcessResult& r);
// The number N in sysray's "counting N functions" line on stderr (-1 when missing).
int functions_counted(const std::string& err);

// udp_tcp_counts: exactly kDatagrams udp_sendmsg calls and kConnects tcp_v4_connect calls.
constexpr int kDatagrams = 37;
constexpr int kConnects = 5;
std::vector<std::string> counting_workload(int port);

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b);

}  // namespace sysray::test
