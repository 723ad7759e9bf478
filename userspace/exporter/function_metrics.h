// exporter --funcs: sysray_kernel_function_calls_total{function}, from funccount's per-slot
// counters. Its cardinality is the functions the patterns matched (at most funccount's 8192
// slots), chosen by the user, not by what processes do.
#pragma once
#include <vector>

#include "exporter/metrics_text.h"
#include "format/funccount_report.h"

namespace sysray::exporter {

// One sample per function or tracepoint ("udp_sendmsg", "syscalls:sys_enter_getppid"), by name.
MetricFamily kernel_function_family(std::vector<FunctionCount> rows);

}  // namespace sysray::exporter
