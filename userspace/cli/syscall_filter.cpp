#include "cli/syscall_filter.h"

#include <fmt/format.h>

#include <regex>

#include "decode/syscall_classes.h"
#include "util/user_error.h"

namespace sysray {
namespace {

void add_class(SyscallSet& set, std::string_view cls, const decode::SyscallTable& table) {
  const auto* members = decode::syscall_class(cls);
  if (!members) {
    std::string known;
    for (auto n : decode::syscall_class_names()) known += fmt::format(" %{}", n);
    throw UserError(fmt::format("unknown syscall class '%{}' (known:{})", cls, known));
  }
  // Members this kernel does not have (e.g. creat on arm64) are simply absent.
  for (auto name : *members)
    if (auto nr = table.nr_of(name); nr && *nr < SR_MAX_SYSCALLS) set.set(*nr);
}

void add_regex(SyscallSet& set, std::string_view pattern, const decode::SyscallTable& table) {
  std::regex re;
  try {
    re = std::regex(std::string(pattern), std::regex::extended);
  } catch (const std::regex_error&) {
    throw UserError(fmt::format("invalid syscall regex '/{}'", pattern));
  }
  size_t before = set.count();
  for (const auto& info : table.all())
    if (info.nr >= 0 && info.nr < SR_MAX_SYSCALLS && std::regex_search(info.name, re))
      set.set(info.nr);
  if (set.count() == before) throw UserError(fmt::format("no syscall matches '/{}'", pattern));
}

}  // namespace

SyscallSet parse_syscall_filter(std::string_view expr, const decode::SyscallTable& table) {
  if (auto eq = expr.find('='); eq != std::string_view::npos) {
    std::string_view qualifier = expr.substr(0, eq);
    if (qualifier != "trace" && qualifier != "t")
      throw UserError(fmt::format("unsupported -e qualifier '{}' (only trace= is supported)",
                                  qualifier));
    expr = expr.substr(eq + 1);
  }
  bool negate = !expr.empty() && expr[0] == '!';
  if (negate) expr.remove_prefix(1);

  SyscallSet set;
  size_t start = 0;
  while (start <= expr.size()) {
    size_t comma = expr.find(',', start);
    std::string_view item = expr.substr(start, comma == std::string_view::npos ? expr.npos : comma - start);
    bool optional = !item.empty() && item[0] == '?';  // strace: ignore if unknown
    if (optional) item.remove_prefix(1);
    if (item.empty()) throw UserError("empty syscall name in -e");
    if (item == "all") {
      set.set();
    } else if (item == "none") {
      // contributes nothing
    } else if (item[0] == '%') {
      add_class(set, item.substr(1), table);
    } else if (item[0] == '/') {
      add_regex(set, item.substr(1), table);
    } else if (auto nr = table.nr_of(item); nr && *nr < SR_MAX_SYSCALLS) {
      set.set(*nr);
    } else if (!optional) {
      throw UserError(fmt::format(
          "unknown syscall '{}' (see /sys/kernel/tracing/events/syscalls or ausyscall --dump)",
          item));
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return negate ? ~set : set;
}

}  // namespace sysray
