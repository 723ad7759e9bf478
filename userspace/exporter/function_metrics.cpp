#include "exporter/function_metrics.h"

#include <algorithm>

namespace sysray::exporter {

MetricFamily kernel_function_family(std::vector<FunctionCount> rows) {
  std::sort(rows.begin(), rows.end(),
            [](const FunctionCount& a, const FunctionCount& b) { return a.name < b.name; });
  MetricFamily f{"sysray_kernel_function_calls",
                 "Calls of the kernel functions and tracepoints --funcs matched", MetricType::Counter, {}};
  for (const auto& r : rows)
    f.samples.push_back({"_total", {{"function", sanitize_utf8(r.name)}}, static_cast<double>(r.count)});
  return f;
}

}  // namespace sysray::exporter
