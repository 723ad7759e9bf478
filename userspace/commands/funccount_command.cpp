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
#include "commands/function_patterns.h"
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

int run_funccount(FunccountOptions& o) {
  if (o.patterns.empty()) throw UserError("funccount needs at least one PATTERN, e.g. 'udp_*'");
  finish_target_options(o.targets);
  require_tracing_privileges();
  require_processes_exist(o.targets.pids);
  FunccountConfig config;
  Resolved r = resolve_count_patterns(o.patterns, o.targets.backend, o.verbose, config);
  const char* backend = count_backend_label(r, config);

  TargetProcesses targets = start_function_targets(o.targets, config);
  OutputStream out(o.output);
  std::unique_ptr<Output> output = make_output(o.json);
  auto t0 = std::chrono::steady_clock::now();
  FunccountPrograms programs(config);
  auto attach_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0);
  AttachedCounts attached = say_attached(r, programs, backend, attach_ms.count());

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
  spdlog::info("detached {} functions and {} tracepoints in {:.1f} ms", attached.functions,
               attached.tracepoints,
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1)
                   .count());
  print(false, o.interval_s > 0 ? ++intervals : 0);
  return exit_status(targets);
}

}  // namespace sysray
