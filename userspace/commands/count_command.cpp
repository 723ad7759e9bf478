// `sysray count`: per-syscall calls, errors and times, counted in the kernel (per-CPU maps, no
// ring traffic); printed at the end, or every -i seconds.
#include <fmt/format.h>
#include <poll.h>

#include <chrono>

#include "commands/commands.h"
#include "commands/session_end.h"
#include "commands/syscall_session.h"
#include "format/count_report.h"
#include "format/output_stream.h"

namespace sysray {
namespace {

std::vector<SyscallCount> rows_of(const std::vector<SyscallCounters>& counters,
                              const decode::SyscallTable& table) {
  std::vector<SyscallCount> rows;
  for (const auto& c : counters) {
    const auto* info = table.by_nr(static_cast<int>(c.nr));
    rows.push_back(SyscallCount{info ? info->name : fmt::format("syscall_{}", c.nr), c.stats.calls,
                            c.stats.errors, c.stats.total_ns, c.stats.max_ns});
  }
  return rows;
}

}  // namespace

int run_count(CountOptions& o) {
  SyscallProgramConfig config;
  config.count_mode = true;
  OutputStream out(o.output);
  SyscallSession session = open_syscall_session(o.targets, config);
  SessionEnd end(session.targets.child.get(), session.targets.pids, o.duration_s);

  auto print = [&](bool reset, int interval) {
    auto rows = rows_of(session.programs->read_counters(reset), session.table);
    // Counting sends nothing through the ring, so nothing can be lost; report it anyway so the
    // JSON shape is the same as for every other command.
    if (o.json)
      append_count_json(out.buffer(), rows, session.programs->lost(),
                        interval ? std::optional<uint64_t>(interval) : std::nullopt);
    else
      append_count_table(out.buffer(), rows);
    out.flush();
  };

  begin(session);
  int intervals = wait_with_intervals(end, o.interval_s, [&](int k) { print(true, k); });
  session.programs->finish();
  print(false, o.interval_s > 0 ? ++intervals : 0);
  return exit_status(session);
}

}  // namespace sysray
