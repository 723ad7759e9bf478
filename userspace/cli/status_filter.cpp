#include "cli/status_filter.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "cli/comma_list.h"
#include "util/user_error.h"

namespace sysray {
namespace {

constexpr std::array<std::pair<std::string_view, StatusSet>, 5> kStatuses = {{
    {"successful", kStatusSuccessful},
    {"failed", kStatusFailed},
    {"unfinished", kStatusUnfinished},
    {"unavailable", kStatusUnavailable},
    {"detached", kStatusDetached},
}};

StatusSet parse_status_list(std::string_view expr) {
  std::string_view list = expr.substr(expr.find('=') + 1);
  bool negate = list.starts_with('!');
  if (negate) list.remove_prefix(1);
  StatusSet set = 0;
  if (list == "all") {
    set = kStatusAll;
  } else if (list != "none") {
    for (std::string_view token : split_commas(list)) {
      if (token.empty()) continue;
      auto it = std::find_if(kStatuses.begin(), kStatuses.end(),
                             [&](const auto& s) { return s.first == token; });
      if (it == kStatuses.end())
        throw UserError(fmt::format("unknown status '{}' in -e {} (known: successful failed "
                                    "unfinished unavailable detached)", token, expr));
      set |= it->second;
    }
    if (!set) throw UserError(fmt::format("empty status list in -e '{}'", expr));
  }
  return negate ? static_cast<StatusSet>(~set & kStatusAll) : set;
}

}  // namespace

bool is_status_expr(std::string_view expr) { return expr.starts_with("status="); }

StatusSet parse_status_filters(const std::vector<std::string>& exprs, bool only_succeeded,
                               bool only_failed) {
  StatusSet set = kStatusAll;
  for (const auto& e : exprs)
    if (is_status_expr(e)) set = parse_status_list(e);
  if (only_succeeded) set &= kStatusSuccessful;
  if (only_failed) set &= kStatusFailed;
  return set;
}

}  // namespace sysray
