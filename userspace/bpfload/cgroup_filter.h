// --cgroup PATH: only the processes of one cgroup v2 subtree, filtered in the kernel
// (bpf_current_task_under_cgroup against the BPF objects' `cgroup_filter` map, bpf/targets.bpf.h).
#pragma once
#include <string>

#include "util/unique_fd.h"

struct bpf_map;

namespace sysray {

// Opens PATH as a cgroup v2 directory. Throws UserError (bad input) naming PATH when it is not
// one: a missing path, a file, a cgroup v1 hierarchy.
UniqueFd open_cgroup(const std::string& path);

// Puts `cgroup_fd` in slot 0 of `map` (a loaded object's `cgroup_filter`); nothing when it is -1.
// Throws UserError when the kernel refuses.
void apply_cgroup_filter(bpf_map* map, int cgroup_fd);

}  // namespace sysray
