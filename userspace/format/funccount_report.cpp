#include "format/funccount_report.h"

#include <nlohmann/json.hpp>

#include "format/buffer_append.h"

namespace sysray {

void append_funccount_table(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows) {
  fmt::format_to(std::back_inserter(buf), "{:<40} {:>12}\n", "FUNC", "COUNT");
  for (const auto& row : rows)
    if (row.count) fmt::format_to(std::back_inserter(buf), "{:<40} {:>12}\n", row.name, row.count);
}

void append_funccount_json(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows,
                           std::string_view backend, int interval) {
  // ordered_json: the fields in docs/JSON.md's order, as every other object has them.
  nlohmann::ordered_json j;
  j["type"] = "funccount";
  j["backend"] = backend;
  if (interval) j["interval"] = interval;
  j["functions"] = nlohmann::ordered_json::array();
  for (const auto& row : rows) j["functions"].push_back({{"name", row.name}, {"count", row.count}});
  // Counting goes through per-CPU maps only: nothing can be lost, and the field says so.
  j["lost"] = 0;
  append(buf, j.dump());
  buf.push_back('\n');
}

}  // namespace sysray
