// `sysray funccount PATTERN...`: counts kernel function and tracepoint hits in the kernel, like
// BCC's funccount, with the backend chosen by the feature probe (or forced by --backend).
#include <fmt/format.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "bpfload/funccount_programs.h"
#include "commands/commands.h"
#include "commands/function_targets.h"
#include "commands/session_end.h"
#include "commands/target_processes.h"
#include "kernel/features.h"
#include "kernel/kernel_functions.h"
#include "kernel/privileges.h"
#include "kernel/tracepoints.h"
#include "format/output.h"
#include "format/output_stream.h"
#include "util/message.h"
#include "util/tracefs.h"
#include "util/user_error.h"

namespace sysray {
namespace {

struct Resolved {
  std::vector<std::string> functions;
  std::vector<Tracepoint> tracepoints;
};

// "t:CATEGORY:EVENT" → {CATEGORY, EVENT}; nullopt for a kernel-function pattern.
std::optional<std::pair<std::string, std::string>> tracepoint_pattern(const std::string& p) {
  if (p.rfind("t:", 0) != 0) return std::nullopt;
  auto colon = p.find(':', 2);
  if (colon == std::string::npos || colon == 2 || colon + 1 == p.size())
    throw UserError(fmt::format("invalid tracepoint pattern '{}': expected t:CATEGORY:EVENT", p));
  return std::make_pair(p.substr(2, colon - 2), p.substr(colon + 1));
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
    if (!functions) functions = KernelFunctions::load();
    add_function_matches(*functions, p, verbose, need_btf, r.functions);
  }
  return r;
}

// Only the slots that got a probe: one the kernel refused was said on stderr ("could not
// attach"), and a count of 0 for it would read as "never called".
std::vector<FunctionCount> rows_of(const Resolved& r, const FunccountPrograms& programs,
                                   const std::vector<uint64_t>& counts) {
  std::vector<FunctionCount> rows;
  for (size_t i = 0; i < r.functions.size(); ++i)
    if (programs.attached(i)) rows.push_back({r.functions[i], counts[i]});
  size_t base = r.functions.size();
  for (size_t i = 0; i < r.tracepoints.size(); ++i)
    if (programs.attached(base + i))
      rows.push_back({r.tracepoints[i].category + ":" + r.tracepoints[i].event, counts[base + i]});
  std::stable_sort(rows.begin(), rows.end(), [](const FunctionCount& a, const FunctionCount& b) {
    return a.count > b.count;
  });
  return rows;
}

}  // namespace

int run_funccount(FunccountOptions& o) {
  if (o.patterns.empty()) throw UserError("funccount needs at least one PATTERN, e.g. 'udp_*'");
  finish_target_options(o.targets);
  require_tracing_privileges();
  require_processes_exist(o.targets.pids);
  FunccountConfig config;
  // Choose the backend first: on a kernel where none attaches, say so before anything else.
  bool any_function = std::any_of(o.patterns.begin(), o.patterns.end(),
                                  [](const std::string& p) { return !tracepoint_pattern(p); });
  if (any_function) config.backend = choose_function_backend(o.targets.backend, kernel_features(), false);
  bool fentry = any_function && config.backend == FuncBackend::Fentry;
  Resolved r = resolve(o.patterns, o.verbose, fentry);
  config.functions = r.functions;
  config.tracepoints = r.tracepoints;
  const char* backend = r.functions.empty() ? "tracepoint" : func_backend_name(config.backend);

  TargetProcesses targets = start_function_targets(o.targets, config);
  OutputStream out(o.output);
  std::unique_ptr<Output> output = make_output(o.json);
  auto t0 = std::chrono::steady_clock::now();
  FunccountPrograms programs(config);
  auto attach_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0);
  report_refused(programs.refused());
  size_t functions = 0, tracepoints = 0;
  for (size_t i = 0; i < r.functions.size(); ++i) functions += programs.attached(i);
  for (size_t i = 0; i < r.tracepoints.size(); ++i)
    tracepoints += programs.attached(r.functions.size() + i);
  print_message("counting {} functions and {} tracepoints with {} (attached in {:.1f} ms)",
                functions, tracepoints, backend, attach_ms.count());

  install_stop_signals();
  if (targets.child) targets.child->release();
  SessionEnd end(targets.child.get(), targets.pids, o.duration_s);
  auto print = [&](bool reset, int interval) {
    output->function_counts(out.buffer(), rows_of(r, programs, programs.read_counts(reset)),
                            backend, interval);
    out.flush();
  };
  int intervals = wait_with_intervals(end, o.interval_s, [&](int k) { print(true, k); });
  auto t1 = std::chrono::steady_clock::now();
  programs.detach();
  // -v: the detach time, the other half of scripts/bench-attach.sh's measure.
  spdlog::info("detached {} functions and {} tracepoints in {:.1f} ms", functions, tracepoints,
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1)
                   .count());
  print(false, o.interval_s > 0 ? ++intervals : 0);
  return exit_status(targets);
}

}  // namespace sysray
