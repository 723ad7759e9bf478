// `sysray funclatency PATTERN... [-p PID | -- CMD] [-i SEC] [-d SEC] [--json]`: a log2
// histogram of each matched kernel function's durations, kept in the kernel, printed as BCC's
// funclatency prints it.
#pragma once
#include <string>
#include <vector>

#include "cli/target_options.h"

namespace CLI {
class App;
}

namespace sysray {

struct FunclatencyOptions {
  TargetOptions targets;              // -p, --cgroup, --backend, command
  std::vector<std::string> patterns;  // 'udp_sendmsg', 'tcp_v4_*'
  double duration_s = 0;              // -d
  double interval_s = 0;              // -i
  std::string output;                 // -o
  bool json = false;
  bool verbose = false;               // -v: the functions skipped and why
};

// Registers the `funclatency` subcommand and its options on `app`.
CLI::App* add_funclatency_command(CLI::App& app, FunclatencyOptions& opts);

int run_funclatency(FunclatencyOptions& opts);

}  // namespace sysray
