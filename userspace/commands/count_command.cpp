// `sysray count`: per-syscall calls, errors and times, counted in the kernel (per-CPU maps, no
// ring traffic); printed at the end, or every -i seconds.
#include <fmt/format.h>
#include <poll.h>

#include <chrono>

#include "cli/status_filter.h"
#include "commands/commands.h"
#include "commands/session_end.h"
#include "commands/syscall_session.h"
#include "format/output.h"
#include "format/output_stream.h"
#include "util/user_error.h"

namespace sysray {
namespace {

std::vector<SyscallCount> rows_of(const std::vector<SyscallCounters>& counters,
                              const decode::SyscallTable& table) {
  std::vector<SyscallCount> rows;
  for (const auto& c : counters) {
    rows.push_back(SyscallCount{table.name_of(static_cast<int>(c.nr)), c.stats.calls,
                            c.stats.errors, c.stats.total_ns, c.stats.max_ns, c.latency});
  }
  return rows;
}

}  // namespace

int run_count(CountOptions& o) {
  for (const auto& e : o.targets.filter_exprs)
    if (is_status_expr(e))
      throw UserError(fmt::format("-e {}: count counts every outcome; status= is for trace", e));
  SyscallProgramConfig config;
  config.count_mode = true;
  config.latency = o.latency;
  OutputStream out(o.output);
  std::unique_ptr<Output> output = make_output(o.json);
  SyscallSession session = open_syscall_session(o.targets, config);
  SessionEnd end(session.targets.child.get(), session.targets.pids, o.duration_s);

  auto print = [&](bool reset, int interval) {
    auto rows = rows_of(session.programs->read_counters(reset), session.table);
    // Counting sends nothing through the ring, so nothing can be lost; report it anyway so the
    // JSON shape is the same as for every other command.
    output->syscall_counts(out.buffer(), std::move(rows), session.programs->lost(), interval);
    out.flush();
  };

  begin(session);
  int intervals = wait_with_intervals(end, o.interval_s, [&](int k) { print(true, k); });
  session.programs->finish();
  print(false, o.interval_s > 0 ? ++intervals : 0);
  return exit_status(session);
}

}  // namespace sysray
