#include "cli/target_options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>

#include "cli/comma_list.h"
#include "util/user_error.h"

namespace sysray {

void add_target_options(CLI::App& app, TargetOptions& opts) {
  app.add_option("-p,--pid", opts.pid_args, "Trace these processes (all threads): PID[,PID...]")
      ->type_name("PID");
  app.add_flag("-f,--follow-forks", opts.follow_forks,
               "Also trace the children the targets fork, from the kernel (sched_process_fork)");
  app.add_option("-e,--expr", opts.filter_exprs,
                 "Which syscalls, strace syntax: bind,connect | trace=%net | !write; also signal=SET, and status=failed,unfinished (trace)")
      ->type_name("EXPR");
  app.add_option("--backend", opts.backend, "How to attach: auto, tp_btf or raw_tp")
      ->type_name("NAME");
  add_cgroup_option(app, opts);
  // The command after "--" is split off by main() before parsing.
}

void add_cgroup_option(CLI::App& app, TargetOptions& opts) {
  app.add_option("--cgroup", opts.cgroup,
                 "Only processes in this cgroup v2 directory and below, filtered in the kernel")
      ->type_name("PATH");
}

std::vector<pid_t> parse_pid_list(std::string_view list) {
  std::vector<pid_t> pids;
  for (std::string_view item : split_commas(list)) {
    long value = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || value <= 0 ||
        value > 0x3fffffff)
      throw UserError(fmt::format("invalid pid '{}' in -p: expected a positive number", item));
    pids.push_back(static_cast<pid_t>(value));
  }
  return pids;
}

void finish_target_options(TargetOptions& opts) {
  for (const auto& arg : opts.pid_args) {
    auto more = parse_pid_list(arg);
    opts.pids.insert(opts.pids.end(), more.begin(), more.end());
  }
  if (!opts.pids.empty() && !opts.command.empty())
    throw UserError("give either -p PID or a command to run, not both");
}

}  // namespace sysray
