#include "format/funclatency_report.h"

#include "format/buffer_append.h"
#include "format/json_escape.h"

namespace sysray {

void append_funclatency_text(fmt::memory_buffer& buf, const std::vector<FunctionLatency>& rows) {
  for (const auto& row : rows) {
    if (row.histogram.empty()) continue;
    fmt::format_to(std::back_inserter(buf), "\nFunction = {}\n", row.name);
    append_log2_hist_text(buf, row.histogram);
  }
}

void append_funclatency_json(fmt::memory_buffer& buf, const std::vector<FunctionLatency>& rows,
                             std::string_view backend, int interval) {
  append(buf, "{\"type\":\"funclatency\",\"backend\":");
  append_json_string(buf, backend);
  if (interval) fmt::format_to(std::back_inserter(buf), ",\"interval\":{}", interval);
  append(buf, ",\"functions\":[");
  for (size_t i = 0; i < rows.size(); ++i) {
    append(buf, i ? ",{\"name\":" : "{\"name\":");
    append_json_string(buf, rows[i].name);
    fmt::format_to(std::back_inserter(buf), ",\"count\":{}", rows[i].histogram.total());
    append_histogram_json(buf, rows[i].histogram);
    append(buf, "}");
  }
  // Timing goes through per-CPU maps only: nothing can be lost (funccount's shape).
  append(buf, "],\"lost\":0}\n");
}

}  // namespace sysray
