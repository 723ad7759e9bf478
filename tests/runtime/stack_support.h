// What the -k runtime tests share: calls (or events) with the strace -k frame lines printed
// under them, read from strace's or sysray's text output.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sysray::test {

// One call and the frames printed under it.
struct CallStack {
  std::string call;  // "getppid", "openat ... /etc/hosts", or what a CallNamer says
  std::vector<std::string> frames;
  bool operator==(const CallStack&) const = default;
};

// The name of the call a line starts, or nullopt when the line starts none.
using CallNamer = std::function<std::optional<std::string>(const std::string& line)>;

// Each line `name_of` names, with the " > ..." frame lines right under it.
std::vector<CallStack> stacks_under(const std::string& text, const CallNamer& name_of);

// The calls of `text` (strace's or sysray trace's) whose name is in `names`, with their frame
// lines. Lines are "[pid  N] name(...) = R" (sysray), "name(...)   = R" (strace without -f),
// then " > ..." frames; an openat is named with its file.
std::vector<CallStack> calls_with_stacks(const std::string& text, const std::vector<std::string>& names);

std::string dump(const std::vector<CallStack>& calls);

}  // namespace sysray::test
