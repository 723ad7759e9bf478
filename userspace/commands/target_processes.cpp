#include "commands/target_processes.h"

#include <spdlog/spdlog.h>

#include "bpfload/cgroup_filter.h"
#include "commands/session_end.h"

namespace sysray {

TargetProcesses start_targets(const TargetOptions& targets, const char* what_everything) {
  TargetProcesses t;
  if (!targets.cgroup.empty()) t.cgroup = open_cgroup(targets.cgroup);
  if (!targets.command.empty()) {
    t.child = std::make_unique<ChildCommand>(targets.command);
    t.filter_pids = true;
    t.initial = {t.child->pid()};
  } else if (!targets.pids.empty()) {
    t.pids = targets.pids;
    t.filter_pids = true;
    t.initial = targets.pids;
  } else if (what_everything && !t.cgroup) {
    spdlog::warn("no -p PID and no command: {}", what_everything);
  }
  return t;
}

int exit_status(const TargetProcesses& targets) {
  if (!targets.child) return 0;
  return targets.child->exit_status().value_or(128 + stop_signal());
}

}  // namespace sysray
