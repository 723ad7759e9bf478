// What funccount and funclatency take from the command line: the same targets, patterns and
// report options, registered by one function.
#pragma once
#include <string>
#include <vector>

#include "cli/target_options.h"

namespace CLI {
class App;
}

namespace sysray {

struct FunctionCommandOptions {
  TargetOptions targets;              // -p, --cgroup, --backend (auto|kprobe-multi|fentry|kprobe), command
  std::vector<std::string> patterns;  // 'udp_*', 't:sock:*' (funccount's tracepoints)
  double duration_s = 0;              // -d
  double interval_s = 0;              // -i
  std::string output;                 // -o
  bool json = false;
  bool verbose = false;               // -v: the functions skipped and why
};

// Registers the pattern argument (`pattern_help`), -p, --backend, --cgroup, -d, -i, -o,
// --json and -v on `cmd`; `what` names what -o writes ("the counts").
void add_function_command_options(CLI::App& cmd, FunctionCommandOptions& o,
                                  const char* pattern_help, const char* what);

}  // namespace sysray
