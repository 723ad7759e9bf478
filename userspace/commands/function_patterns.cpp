#include "commands/function_patterns.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "commands/function_targets.h"
#include "kernel/features.h"
#include "kernel/kernel_functions.h"
#include "kernel/tracepoints.h"
#include "util/message.h"
#include "util/tracefs.h"
#include "util/user_error.h"

namespace sysray {

namespace {

// "t:CATEGORY:EVENT" → {CATEGORY, EVENT}; nullopt for a kernel-function pattern.
std::optional<std::pair<std::string, std::string>> tracepoint_pattern(const std::string& p) {
  if (p.rfind("t:", 0) != 0) return std::nullopt;
  auto colon = p.find(':', 2);
  if (colon == std::string::npos || colon == 2 || colon + 1 == p.size())
    throw UserError(fmt::format("invalid tracepoint pattern '{}': expected t:CATEGORY:EVENT", p));
  return std::make_pair(p.substr(2, colon - 2), p.substr(colon + 1));
}

std::vector<std::string> function_globs(const std::vector<std::string>& patterns) {
  std::vector<std::string> out;
  for (const auto& p : patterns)
    if (!tracepoint_pattern(p)) out.push_back(p);
  return out;
}

// `need_btf`: the backend is fentry, which attaches by BTF id (see KernelFunctions::match).
Resolved resolve(const std::vector<std::string>& patterns, bool verbose, bool need_btf) {
  Resolved r;
  std::optional<KernelFunctions> functions;
  std::string events_dir;
  for (const auto& p : patterns) {
    if (auto tp = tracepoint_pattern(p)) {
      if (events_dir.empty()) events_dir = tracefs_events_dir();
      if (events_dir.empty())
        throw UserError("tracepoint patterns need tracefs: " + tracefs_missing_reason(),
                        kExitRefused);
      auto matched = match_tracepoints(tp->first, tp->second, events_dir);
      if (matched.empty()) throw UserError(fmt::format("no tracepoint matches '{}'", p));
      for (auto& t : matched) r.tracepoints.push_back(std::move(t));
      continue;
    }
    if (!functions) functions = KernelFunctions::load(function_globs(patterns));
    add_function_matches(*functions, p, verbose, need_btf, r.functions);
  }
  return r;
}

}  // namespace

Resolved resolve_count_patterns(const std::vector<std::string>& patterns, const std::string& requested,
                                bool verbose, FunccountConfig& config) {
  bool any_function = std::any_of(patterns.begin(), patterns.end(),
                                  [](const std::string& p) { return !tracepoint_pattern(p); });
  if (any_function) config.backend = choose_function_backend(requested, kernel_features(), false);
  bool fentry = any_function && config.backend == FuncBackend::Fentry;
  Resolved r = resolve(patterns, verbose, fentry);
  config.functions = r.functions;
  config.tracepoints = r.tracepoints;
  return r;
}

const char* count_backend_label(const Resolved& r, const FunccountConfig& config) {
  return r.functions.empty() ? "tracepoint" : func_backend_name(config.backend);
}

AttachedCounts say_attached(const Resolved& r, const FunccountPrograms& programs, const char* backend,
                    double attach_ms) {
  report_refused(programs.refused());
  AttachedCounts n;
  for (size_t i = 0; i < r.functions.size(); ++i) n.functions += programs.attached(i);
  for (size_t i = 0; i < r.tracepoints.size(); ++i)
    n.tracepoints += programs.attached(r.functions.size() + i);
  print_message("counting {} functions and {} tracepoints with {} (attached in {:.1f} ms)",
                n.functions, n.tracepoints, backend, attach_ms);
  return n;
}

std::vector<FunctionCount> rows_of(const Resolved& r, const FunccountPrograms& programs,
                                   const std::vector<uint64_t>& counts,
                                   std::vector<std::vector<CountedStack>>* stacks) {
  std::vector<FunctionCount> rows;
  auto add = [&](size_t slot, std::string name) {
    if (!programs.attached(slot)) return;
    rows.push_back({std::move(name), counts[slot], std::nullopt});
    if (stacks) rows.back().stacks = std::move((*stacks)[slot]);
  };
  for (size_t i = 0; i < r.functions.size(); ++i) add(i, r.functions[i]);
  size_t base = r.functions.size();
  for (size_t i = 0; i < r.tracepoints.size(); ++i)
    add(base + i, r.tracepoints[i].category + ":" + r.tracepoints[i].event);
  std::stable_sort(rows.begin(), rows.end(), [](const FunctionCount& a, const FunctionCount& b) {
    return a.count > b.count;
  });
  return rows;
}


}  // namespace sysray
