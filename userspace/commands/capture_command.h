// `sysray capture --fd N[,N...] [-p PID | -- CMD] [-f] [-o FILE]`: the bytes the targets write
// to those fds, complete and in order (docs/DESIGN-capture.md).
#pragma once
#include <string>

#include "cli/target_options.h"

namespace CLI {
class App;
}

namespace sysray {

struct CaptureOptions {
  TargetOptions targets;            // -p, -f, --cgroup, command
  std::string fds;                  // --fd, validated by run_capture
  std::string output;               // -o
  std::string gaps;                 // --gaps FILE: one line per loss
  bool json = false;
  std::string buffer_size = "64M";  // --buffer-size: the ring buffer
  double duration_s = 0;            // -d
};

// Registers the `capture` subcommand and its options on `app`.
CLI::App* add_capture_command(CLI::App& app, CaptureOptions& opts, int& verbosity);

int run_capture(CaptureOptions& opts);

}  // namespace sysray
