// What to trace and which syscalls: the options `trace` and `count` share.
#pragma once
#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace sysray {

struct TargetOptions {
  std::vector<std::string> pid_args;   // -p values as given ("12,13")
  std::vector<pid_t> pids;             // parsed
  std::vector<std::string> command;    // after --
  bool follow_forks = false;           // -f
  std::vector<std::string> filter_exprs;  // -e
  std::string backend = "auto";
  std::string cgroup;                  // --cgroup PATH: only processes in that cgroup v2 subtree
};

// Registers -p, -f, -e, --cgroup and --backend on `app` (main() splits off the command after "--").
void add_target_options(CLI::App& app, TargetOptions& opts);

// Registers --cgroup PATH alone (funccount and sockets register their own -p and -f).
void add_cgroup_option(CLI::App& app, TargetOptions& opts);

// "12,13" → {12, 13}. Throws UserError("invalid pid 'x' in -p: expected a positive number").
std::vector<pid_t> parse_pid_list(std::string_view list);

// Parses pid_args into pids; throws UserError when both -p and a command are given.
void finish_target_options(TargetOptions& opts);

}  // namespace sysray
