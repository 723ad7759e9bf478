// `sysray funccount PATTERN...`: counts kernel function and tracepoint hits in the kernel, like
// BCC's funccount, with the backend chosen by the feature probe (or forced by --backend);
// --stacks also counts each kernel stack per function in the kernel, as BCC's stackcount does.
#include <fmt/format.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "bpfload/funccount_programs.h"
#include "commands/commands.h"
#include "cli/byte_size.h"
#include "commands/function_hit_stacks.h"
#include "commands/function_patterns.h"
#include "stacks/function_stacks.h"
#include "commands/function_targets.h"
#include "commands/session_end.h"
#include "commands/target_processes.h"
#include "kernel/features.h"
#include "kernel/kernel_functions.h"
#include "kernel/kernel_symbols.h"
#include "kernel/privileges.h"
#include "kernel/tracepoints.h"
#include "format/output.h"
#include "format/output_stream.h"
#include "util/message.h"
#include "util/tracefs.h"
#include "util/user_error.h"

namespace sysray {

namespace {

// The hits whose stack the kernel could not record are in the report; stderr says so too, so
// that nobody takes the stacks shown for all of them.
void say_missed_stacks(const std::vector<FunctionCount>& rows) {
  std::map<std::string, uint64_t> missed;
  uint64_t total = 0;
  for (const auto& row : rows)
    if (row.stacks)
      for (const auto& s : *row.stacks)
        if (!s.missed.empty()) missed[s.missed] += s.count, total += s.count;
  if (!total) return;
  std::string why;
  for (const auto& [reason, n] : missed) why += fmt::format("{}{} {}", why.empty() ? "" : ", ", n, reason);
  print_message("the kernel stacks of {} hits were not recorded: {}", total, why);
}

}  // namespace

int run_funccount(FunccountOptions& o) {
  if (o.patterns.empty()) throw UserError("funccount needs at least one PATTERN, e.g. 'udp_*'");
  if (o.folded && o.json)
    throw UserError("--folded and --json are two output formats: choose one");
  o.stacks = o.stacks || o.folded || o.user;
  finish_target_options(o.targets);
  require_tracing_privileges();
  require_processes_exist(o.targets.pids);
  FunccountConfig config;
  config.stacks = o.stacks;
  config.stacks_by_comm = o.folded;
  if (o.user) config.user_stack_bytes = parse_stack_size(o.stack_size);
  Resolved r = resolve_count_patterns(o.patterns, o.targets.backend, o.verbose, config);
  const char* backend = count_backend_label(r, config);

  TargetProcesses targets = start_function_targets(o.targets, config);
  OutputStream out(o.output);
  OutputOptions output_options;
  output_options.folded = o.folded;
  output_options.user_stacks = o.user;
  std::unique_ptr<Output> output = make_output(o.json, output_options);
  // --user: mappings are watched from before the programs attach.
  std::unique_ptr<FunctionHitStacks> hits;
  if (o.user) hits = std::make_unique<FunctionHitStacks>(o.folded);
  auto t0 = std::chrono::steady_clock::now();
  FunccountPrograms programs(config);
  if (hits) programs.open_hits([&](const void* data, size_t size) { hits->on_sample(data, size); });
  auto attach_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0);
  AttachedCounts attached = say_attached(r, programs, backend, attach_ms.count());
  // Read once, after loading: sysray's own BPF program and trampoline are named then (and
  // stacks_per_slot leaves them out); a module loaded later shows its frames as addresses.
  const KernelSymbols kernel_symbols = o.stacks ? KernelSymbols::from_proc() : KernelSymbols::none();
  if (o.stacks) kernel_symbols.say_if_hidden();

  install_stop_signals();
  if (targets.child) targets.child->release();
  SessionEnd end(targets.child.get(), targets.pids, o.duration_s);
  auto print = [&](bool reset, int interval) {
    std::vector<uint64_t> counts = programs.read_counts(reset);
    std::vector<FunctionCount> rows;
    if (o.stacks) {
      auto raw = hits ? hits->take(programs.stack_maps(), counts.size(), reset) : programs.read_stacks(reset);
      auto stacks = stacks_per_slot(raw, counts.size(), kernel_symbols);
      rows = rows_of(r, programs, counts, &stacks);
      say_missed_stacks(rows);
    } else {
      rows = rows_of(r, programs, counts);
    }
    output->function_counts(out.buffer(), rows, backend, interval);
    out.flush();
  };
  // --user: the hits are read while waiting.
  auto read_hits = [&](int ms) {
    programs.poll_hits(ms);
    hits->poll();
  };
  int intervals = wait_with_intervals(end, o.interval_s, [&](int k) { print(true, k); },
                                      hits ? std::function<void(int)>(read_hits) : nullptr);
  auto t1 = std::chrono::steady_clock::now();
  programs.detach();
  if (hits) {
    programs.poll_hits(0);  // what the ring still holds
    hits->report_end();
    if (uint64_t lost = programs.lost_user_stacks())
      print_message("{} hits came without their user stack: the ring buffer had no room", lost);
  }
  // -v: the detach time, the other half of scripts/bench-attach.sh's measure.
  spdlog::info("detached {} functions and {} tracepoints in {:.1f} ms", attached.functions,
               attached.tracepoints,
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1)
                   .count());
  print(false, o.interval_s > 0 ? ++intervals : 0);
  return exit_status(targets);
}

}  // namespace sysray
