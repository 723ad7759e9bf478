// `sysray count`: per-syscall calls, errors and times, counted in the kernel (per-CPU maps, no
// ring traffic); printed at the end, or every -i seconds.
#include <fmt/format.h>
#include <poll.h>

#include <chrono>

#include "commands/commands.h"
#include "commands/session_end.h"
#include "commands/syscall_session.h"
#include "sinks/count_report.h"
#include "sinks/output_stream.h"

namespace sysray {
namespace {

std::vector<CountRow> rows_of(const std::vector<SyscallCounters>& counters,
                              const decode::SyscallTable& table) {
  std::vector<CountRow> rows;
  for (const auto& c : counters) {
    const auto* info = table.by_nr(static_cast<int>(c.nr));
    rows.push_back(CountRow{info ? info->name : fmt::format("syscall_{}", c.nr), c.stats.calls,
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
  SessionEnd end(session.child.get(), session.pids, o.duration_s);

  auto print = [&](bool reset, int interval) {
    auto rows = rows_of(session.programs->read_counters(reset), session.table);
    // Counting sends nothing through the ring, so nothing can be lost; report it anyway so the
    // JSON shape is the same as for every other command.
    if (o.json)
      append_count_json(out.buffer(), rows, session.programs->lost_events(), interval);
    else
      append_count_table(out.buffer(), rows);
    out.flush();
  };

  begin(session);
  const auto interval = std::chrono::microseconds(static_cast<int64_t>(o.interval_s * 1e6));
  auto next = std::chrono::steady_clock::now() + interval;
  int intervals = 0;
  while (!end.reached()) {
    int wait_ms = end.poll_timeout_ms(100);
    if (o.interval_s > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          next - std::chrono::steady_clock::now());
      wait_ms = std::max<int>(0, std::min<int>(wait_ms, left.count()));
    }
    poll(nullptr, 0, wait_ms);
    if (o.interval_s > 0 && std::chrono::steady_clock::now() >= next) {
      print(true, ++intervals);
      next += interval;
    }
  }
  session.programs->finish();
  print(false, o.interval_s > 0 ? ++intervals : 0);
  return exit_status(session);
}

}  // namespace sysray
