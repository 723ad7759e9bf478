#include "format/funccount_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "format/buffer_append.h"
#include "format/folded_frame.h"
#include "format/kernel_frame.h"
#include "format/stack_format.h"

namespace sysray {

void append_funccount_table(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows) {
  fmt::format_to(std::back_inserter(buf), "{:<40} {:>12}\n", "FUNC", "COUNT");
  auto out = std::back_inserter(buf);
  for (const auto& row : rows) {
    if (!row.count) continue;
    fmt::format_to(out, "{:<40} {:>12}\n", row.name, row.count);
    if (!row.stacks) continue;
    for (const auto& s : *row.stacks) {
      if (!s.missed.empty())
        fmt::format_to(out, "  {} hits: no stack ({})\n", s.count, s.missed);
      else
        fmt::format_to(out, "  {} hits:\n", s.count);
      for (const auto& f : s.kernel) fmt::format_to(out, "    {}\n", kernel_frame_label(f));
      // --user: the user stack below, in strace -k's words.
      if (!s.user_missed.empty()) fmt::format_to(out, "     > [no user stack: {}]\n", s.user_missed);
      for (const auto& f : s.user) fmt::format_to(out, "    {}\n", strace_frame_line(f, false));
    }
  }
}

void append_funccount_folded(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows) {
  // Two functions (or tracepoints) reached through the same stack make one line.
  std::map<std::string, uint64_t> lines;
  for (const auto& row : rows) {
    if (!row.stacks) continue;
    for (const auto& s : *row.stacks) {
      std::string line = folded_frame(s.comm);
      if (!s.user_missed.empty()) line += ";" + folded_frame("[no user stack: " + s.user_missed + "]");
      for (auto f = s.user.rbegin(); f != s.user.rend(); ++f) line += ";" + folded_frame(frame_function_name(*f));
      if (!s.missed.empty()) line += ";" + folded_frame("[no stack: " + s.missed + "]");
      for (auto f = s.kernel.rbegin(); f != s.kernel.rend(); ++f)
        line += ";" + folded_frame(kernel_frame_function(*f));
      lines[line] += s.count;
    }
  }
  std::vector<std::pair<std::string, uint64_t>> sorted(lines.begin(), lines.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [line, count] : sorted)
    fmt::format_to(std::back_inserter(buf), "{} {}\n", line, count);
}

void append_funccount_json(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows,
                           std::string_view backend, int interval, bool user_stacks) {
  // ordered_json: the fields in docs/JSON.md's order, as every other object has them.
  nlohmann::ordered_json j;
  j["type"] = "funccount";
  j["backend"] = backend;
  if (interval) j["interval"] = interval;
  j["functions"] = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    nlohmann::ordered_json f = {{"name", row.name}, {"count", row.count}};
    if (row.stacks) {
      f["stacks"] = nlohmann::ordered_json::array();
      for (const auto& s : *row.stacks) {
        nlohmann::ordered_json stack = {{"count", s.count}, {"kernel", nlohmann::ordered_json::array()}};
        for (const auto& frame : s.kernel) stack["kernel"].push_back(kernel_frame_label(frame));
        if (!s.missed.empty()) stack["missed"] = s.missed;
        if (user_stacks) {
          stack["user"] = nlohmann::ordered_json::array();
          for (const auto& frame : s.user) stack["user"].push_back(strace_frame_line(frame, false).substr(3));
          if (!s.user_missed.empty()) stack["user_missed"] = s.user_missed;
        }
        f["stacks"].push_back(std::move(stack));
      }
    }
    j["functions"].push_back(std::move(f));
  }
  // Counting goes through per-CPU maps only: nothing can be lost, and the field says so.
  j["lost"] = 0;
  append(buf, j.dump());
  buf.push_back('\n');
}

}  // namespace sysray
