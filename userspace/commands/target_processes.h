// What a command watches, from -p / -- CMD: every command that filters by process (trace,
// count, funccount, sockets) starts its targets the same way.
#pragma once
#include <sys/types.h>

#include <memory>
#include <vector>

#include "cli/target_options.h"
#include "commands/child_command.h"
#include "util/unique_fd.h"

namespace sysray {

struct TargetProcesses {
  std::unique_ptr<ChildCommand> child;  // -- CMD: started, waiting for release()
  std::vector<pid_t> pids;              // -p PIDs
  bool filter_pids = false;             // false: the whole system
  std::vector<pid_t> initial;           // the tgids to put in the BPF targets map
  UniqueFd cgroup;                      // --cgroup: the directory, for the BPF cgroup filter
};

// Opens --cgroup's directory (a bad one fails before any command starts), then starts the
// command (held before exec) or takes the -p pids. With neither (and no --cgroup), logs a warning
// that `what_everything` ("tracing every process on the system") is what will happen.
// `what_everything` may be null: no warning (funccount's normal mode is system-wide).
TargetProcesses start_targets(const TargetOptions& targets, const char* what_everything);

// The command's exit status (128+signal when sysray was stopped before it exited); 0 without
// a command.
int exit_status(const TargetProcesses& targets);

}  // namespace sysray
