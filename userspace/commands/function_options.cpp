#include "commands/function_options.h"

#include <CLI/CLI.hpp>

#include <string>

namespace sysray {

void add_function_command_options(CLI::App& cmd, FunctionCommandOptions& o,
                                  const char* pattern_help, const char* what) {
  cmd.add_option("pattern", o.patterns, pattern_help)->required();
  // One value per -p (PID[,PID...]; repeatable): otherwise CLI11 lets the vector swallow the
  // patterns that follow, and `funccount -p PID 'udp_*'` fails with "invalid pid 'udp_*'".
  cmd.add_option("-p,--pid", o.targets.pid_args, "Only in these processes: PID[,PID...]")
      ->type_name("PID")
      ->allow_extra_args(false);
  cmd.add_option("--backend", o.targets.backend, "auto, kprobe-multi, fentry or kprobe");
  add_cgroup_option(cmd, o.targets);
  cmd.add_option("-d,--duration", o.duration_s, "Stop after SEC seconds")->check(CLI::PositiveNumber);
  cmd.add_option("-i,--interval", o.interval_s, "Print and reset every SEC seconds")
      ->check(CLI::PositiveNumber);
  cmd.add_option("-o,--output", o.output, std::string("Write ") + what + " to FILE");
  cmd.add_flag("--json", o.json, "One JSON object per report (see docs/JSON.md)");
  cmd.add_flag("-v,--verbose", o.verbose, "List the functions skipped and why");
}

}  // namespace sysray
