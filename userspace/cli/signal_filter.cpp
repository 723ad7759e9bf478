#include "cli/signal_filter.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "cli/comma_list.h"

#include "decode/signal_names.h"
#include "util/user_error.h"

namespace sysray {
namespace {

constexpr int kMaxSignal = 64;

std::string_view list_of(std::string_view expr) { return expr.substr(expr.find('=') + 1); }

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

// "SIGUSR1", "usr1", "10": the signal's number, 0 when it names none.
int signal_number(std::string_view token) {
  int n = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), n);
  if (ec == std::errc() && end == token.data() + token.size()) return n >= 1 && n <= kMaxSignal ? n : 0;
  std::string name = upper(token);
  if (!name.starts_with("SIG")) name = "SIG" + name;
  for (int sig = 1; sig <= kMaxSignal; ++sig)
    if (decode::signal_name(sig) == name) return sig;
  return 0;
}

SignalSet parse_signal_list(std::string_view expr) {
  std::string_view list = list_of(expr);
  bool negate = list.starts_with('!');
  if (negate) list.remove_prefix(1);
  SignalSet set = 0;
  if (list == "all") {
    set = ~SignalSet{0};
  } else if (list != "none") {
    for (std::string_view token : split_commas(list)) {
      if (token.empty()) continue;
      int sig = signal_number(token);
      if (!sig) throw UserError(fmt::format("unknown signal '{}' in -e {}", token, expr));
      set |= SignalSet{1} << (sig - 1);
    }
    if (!set) throw UserError(fmt::format("empty signal list in -e '{}'", expr));
  }
  return negate ? ~set : set;
}

}  // namespace

bool is_signal_expr(std::string_view expr) {
  return expr.starts_with("signal=") || expr.starts_with("signals=") || expr.starts_with("s=");
}

SignalSet parse_signal_filters(const std::vector<std::string>& exprs) {
  SignalSet set = ~SignalSet{0};
  for (const auto& e : exprs)
    if (is_signal_expr(e)) set = parse_signal_list(e);
  return set;
}

}  // namespace sysray
