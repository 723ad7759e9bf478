#include "stack_support.h"

#include <algorithm>
#include <regex>

#include "runtime_support.h"

namespace sysray::test {

std::vector<CallStack> stacks_under(const std::string& text, const CallNamer& name_of) {
  std::vector<CallStack> out;
  bool keep = false;
  for (const auto& line : split_lines(text)) {
    if (line.starts_with(" > ")) {
      if (keep) out.back().frames.push_back(line);
    } else if (auto name = name_of(line)) {
      out.push_back({*name, {}});
      keep = true;
    } else {
      keep = false;
    }
  }
  return out;
}

std::vector<CallStack> calls_with_stacks(const std::string& text, const std::vector<std::string>& names) {
  static const std::regex call(R"(^(?:\[pid +\d+\] )?([a-z0-9_]+)\((.*)$)");
  return stacks_under(text, [&](const std::string& line) -> std::optional<std::string> {
    std::smatch m;
    if (!std::regex_match(line, m, call)) return std::nullopt;
    std::string what = m[1].str();
    if (std::find(names.begin(), names.end(), what) == names.end()) return std::nullopt;
    // openat: which file, so that the calls line up by what they did.
    if (what == "openat") what += " " + m[2].str().substr(0, m[2].str().find(',', m[2].str().find(',') + 1));
    return what;
  });
}

std::string dump(const std::vector<CallStack>& calls) {
  std::string s;
  for (const auto& c : calls) {
    s += c.call + "\n";
    for (const auto& f : c.frames) s += f + "\n";
  }
  return s;
}

}  // namespace sysray::test
