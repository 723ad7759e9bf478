// What funccount and funclatency share before they load anything: the backend for kernel
// functions (the feature probe's choice, or --backend), and the traceable functions a glob
// matches, said on stderr as they are resolved.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "bpfload/function_probes.h"
#include "commands/target_processes.h"
#include "kernel/features.h"
#include "kernel/kernel_functions.h"

namespace sysray {

// `requested`: --backend (auto, kprobe-multi, fentry, kprobe). `return_probes`: the command
// needs the backend's return probe too (kretprobe, fexit), and says so when there is none.
// Throws UserError: bad input (2) for an unknown name, refused (1) for what the kernel lacks.
FuncBackend choose_function_backend(const std::string& requested, const Features& f,
                                    bool return_probes);

// Appends the traceable functions `glob` matches (not already in `out`) and says on stderr how
// many matched, were traceable and were skipped why (-v: each skipped one). Throws UserError
// when nothing traceable matches. `need_btf`: the backend attaches by BTF id (fentry).
void add_function_matches(const KernelFunctions& functions, const std::string& glob,
                          bool verbose, bool need_btf, std::vector<std::string>& out);

// Starts the command or takes -p's processes (or --cgroup's), and hands them to the programs'
// configuration (FunccountConfig, FunclatencyConfig).
template <class Config>
TargetProcesses start_function_targets(const TargetOptions& options, Config& config) {
  TargetProcesses targets = start_targets(options, nullptr);
  config.filter_pids = targets.filter_pids;
  config.cgroup_fd = targets.cgroup.get();
  config.targets = targets.initial;
  return targets;
}

// "could not attach tcp_foo: attach refused: EINVAL", one line each, on stderr.
void report_refused(const std::vector<std::pair<std::string, std::string>>& refused);

}  // namespace sysray
