#include "export/stack_table.h"

namespace sysray::exporter {

int64_t StringTable::index(const std::string& s) {
  auto [it, added] = ids_.try_emplace(s, static_cast<int64_t>(strings_.size()));
  if (added) strings_.push_back(s);
  return it->second;
}

int64_t StackTable::intern(const std::vector<std::string>& outermost_first) {
  int64_t node = kRoot;
  for (const auto& name : outermost_first) {
    int64_t frame = frames_.index(name);
    auto [it, added] = node_ids_.try_emplace({node, frame}, static_cast<int64_t>(nodes_.size()));
    if (added) nodes_.push_back({node, frame});
    node = it->second;
  }
  return node;
}

std::vector<std::string> stack_with_call(const std::vector<std::string>& innermost_first,
                                         const std::string& call_name) {
  std::vector<std::string> out(innermost_first.rbegin(), innermost_first.rend());
  out.push_back(call_name);
  return out;
}

}  // namespace sysray::exporter
