// `sysray funclatency`: funccount's function resolution and backend choice, with an entry and a
// return probe per function feeding per-CPU log2 histograms (bpf/funclatency.bpf.c).
#include "commands/funclatency_command.h"

#include "commands/function_options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "bpfload/funclatency_programs.h"
#include "commands/function_targets.h"
#include "commands/session_end.h"
#include "commands/target_processes.h"
#include "format/output.h"
#include "format/output_stream.h"
#include "kernel/privileges.h"
#include "util/message.h"
#include "util/user_error.h"

namespace sysray {

CLI::App* add_funclatency_command(CLI::App& app, FunclatencyOptions& o) {
  auto* cmd = app.add_subcommand(
      "funclatency", "A log2 histogram of kernel functions' durations ('udp_sendmsg', 'tcp_v4_*')");
  add_function_command_options(*cmd, o, "Shell globs of kernel functions", "the histograms");
  return cmd;
}

namespace {

std::vector<FunctionLatency> rows_of(const std::vector<std::string>& functions,
                                     const FunclatencyPrograms& programs,
                                     std::vector<LatencyHistogram> hists) {
  std::vector<FunctionLatency> rows;
  // A refused function was said on stderr; an empty histogram for it would read as "not called".
  for (size_t i = 0; i < functions.size(); ++i)
    if (programs.probes().attached(i)) rows.push_back({functions[i], std::move(hists[i])});
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.histogram.total() > b.histogram.total();
  });
  return rows;
}

}  // namespace

int run_funclatency(FunclatencyOptions& o) {
  if (o.verbose && spdlog::get_level() > spdlog::level::info) spdlog::set_level(spdlog::level::info);
  for (const auto& p : o.patterns)
    if (p.rfind("t:", 0) == 0)
      throw UserError(fmt::format("'{}': funclatency times kernel functions; a tracepoint has no "
                                  "duration (funccount counts it)", p));
  finish_target_options(o.targets);
  require_tracing_privileges();
  require_processes_exist(o.targets.pids);
  // The backend first: on a kernel where none can time a function, that is the one line said.
  FunclatencyConfig config;
  config.backend = choose_function_backend(o.targets.backend, kernel_features(), true);
  KernelFunctions kernel = KernelFunctions::load(o.patterns);
  for (const auto& p : o.patterns)
    add_function_matches(kernel, p, o.verbose, config.backend == FuncBackend::Fentry,
                         config.functions);
  const char* backend = func_backend_name(config.backend);

  TargetProcesses targets = start_function_targets(o.targets, config);
  OutputStream out(o.output);
  std::unique_ptr<Output> output = make_output(o.json);
  auto t0 = std::chrono::steady_clock::now();
  FunclatencyPrograms programs(config);
  auto attach_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0);
  report_refused(programs.probes().refused());
  size_t attached = 0;
  for (size_t i = 0; i < config.functions.size(); ++i) attached += programs.probes().attached(i);
  print_message("timing {} functions with {} (attached in {:.1f} ms)", attached, backend,
                attach_ms.count());

  install_stop_signals();
  if (targets.child) targets.child->release();
  SessionEnd end(targets.child.get(), targets.pids, o.duration_s);
  auto print = [&](bool reset, int interval) {
    output->function_latencies(out.buffer(),
                               rows_of(config.functions, programs, programs.read_histograms(reset)),
                               backend, interval);
    out.flush();
  };
  int intervals = wait_with_intervals(end, o.interval_s, [&](int k) { print(true, k); });
  programs.detach();
  print(false, o.interval_s > 0 ? ++intervals : 0);
  return exit_status(targets);
}

}  // namespace sysray
