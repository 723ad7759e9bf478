#include "cli/syscall_filter.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <regex>

#include <fmt/format.h>

#include "cli/comma_list.h"
#include "cli/signal_filter.h"
#include "cli/status_filter.h"
#include "decode/syscall_classes.h"
#include "util/user_error.h"

namespace sysray {
namespace {

using Members = std::vector<std::string_view>;

void add_nr(SyscallSet& set, int nr) {
  if (nr >= 0 && nr < SR_MAX_SYSCALLS) set.set(nr);
}

// Members this kernel lacks (creat on a kernel built without it) are simply absent.
void add_members(SyscallSet& set, const Members& members, const decode::SyscallTable& table) {
  for (auto name : members)
    if (auto nr = table.nr_of(name)) add_nr(set, *nr);
}

[[noreturn]] void unknown_syscall(std::string_view name) {
  throw UserError(fmt::format(
      "unknown syscall '{}' (see /sys/kernel/tracing/events/syscalls or ausyscall --dump)", name));
}

[[noreturn]] void unknown_class(std::string_view cls) {
  std::string known;
  for (auto name : decode::syscall_class_names()) known += fmt::format(" %{}", name);
  throw UserError(fmt::format("unknown syscall class '%{}' (known:{})", cls, known));
}

// "/regex": every syscall whose name it matches (POSIX extended, unanchored, like strace).
bool add_regex(SyscallSet& set, std::string_view pattern, const decode::SyscallTable& table) {
  std::regex re;
  try {
    re = std::regex(pattern.begin(), pattern.end(), std::regex::extended | std::regex::nosubs);
  } catch (const std::regex_error& e) {
    throw UserError(fmt::format("invalid syscall regex '/{}': {}", pattern, e.what()));
  }
  bool matched = false;
  for (const auto& info : table.all())
    if (info.nr >= 0 && std::regex_search(info.name, re)) {
      add_nr(set, info.nr);
      matched = true;
    }
  return matched;
}

std::optional<int> as_number(std::string_view token) {
  int nr = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), nr);
  if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return nr;
}

// One comma-separated element; false when it names nothing this table has.
bool add_token(SyscallSet& set, std::string_view token, const decode::SyscallTable& table) {
  if (token.starts_with('%')) {
    const Members* members = decode::syscall_class(token.substr(1));
    if (members) add_members(set, *members, table);
    return members != nullptr;
  }
  if (token.starts_with('/')) return add_regex(set, token.substr(1), table);
  if (auto nr = as_number(token)) {
    if (!table.by_nr(*nr)) return false;
    add_nr(set, *nr);
    return true;
  }
  if (auto nr = table.nr_of(token)) {
    add_nr(set, *nr);
    return true;
  }
  const Members* members = decode::bare_word_syscall_class(token);
  if (members) add_members(set, *members, table);
  return members != nullptr;
}

[[noreturn]] void unknown_token(std::string_view token) {
  if (token.starts_with('%')) unknown_class(token.substr(1));
  if (token.starts_with('/')) throw UserError(fmt::format("no syscall matches '{}'", token));
  unknown_syscall(token);
}

// "read=3" -> "read"; "" when `expr` has no qualifier (a bare syscall list).
std::string_view qualifier_of(std::string_view expr) {
  size_t eq = expr.find('=');
  if (eq == std::string_view::npos) return {};
  std::string_view name = expr.substr(0, eq);
  bool is_word = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
  return is_word ? name : std::string_view();
}

SyscallSet parse_list(std::string_view list, std::string_view expr,
                      const decode::SyscallTable& table) {
  bool negate = list.starts_with('!');
  if (negate) list.remove_prefix(1);
  SyscallSet set;
  if (list == "all") {
    set.set();
  } else if (list != "none") {
    bool any = false;
    for (std::string_view token : split_commas(list)) {
      if (token.empty()) continue;  // "close," is fine, as in strace
      any = true;
      bool optional = token.starts_with('?');  // strace: no error when it names nothing
      if (optional) token.remove_prefix(1);
      if (!add_token(set, token, table) && !optional) unknown_token(token);
    }
    if (!any) throw UserError(fmt::format("empty syscall list in -e '{}'", expr));
  }
  return negate ? ~set : set;
}

bool is_trace_qualifier(std::string_view q) { return q == "trace" || q == "t"; }

}  // namespace

SyscallSet parse_syscall_filter(std::string_view expr, const decode::SyscallTable& table) {
  std::string_view qualifier = qualifier_of(expr);
  if (qualifier.empty()) return parse_list(expr, expr, table);
  if (!is_trace_qualifier(qualifier))
    throw UserError(fmt::format(
        "unsupported -e qualifier '{}' (only trace=, signal= and status= are supported)", qualifier));
  return parse_list(expr.substr(qualifier.size() + 1), expr, table);
}

SyscallSet parse_syscall_filters(const std::vector<std::string>& exprs,
                                 const decode::SyscallTable& table) {
  SyscallSet set = SyscallSet().set();
  for (const auto& e : exprs)
    if (!is_signal_expr(e) && !is_status_expr(e)) set = parse_syscall_filter(e, table);
  return set;
}

}  // namespace sysray
