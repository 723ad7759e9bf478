// Set-up shared by `trace` and `count`: privileges, the syscall table, the -e set, the target
// processes (started or checked), and the loaded, attached BPF programs.
#pragma once
#include <memory>
#include <string_view>
#include <vector>

#include "bpfload/syscall_programs.h"
#include "cli/syscall_filter.h"
#include "cli/target_options.h"
#include "commands/target_processes.h"
#include "decode/syscall_table.h"

namespace sysray {

struct SyscallSession {
  decode::SyscallTable table;
  SyscallSet shown;  // the syscalls -e chose (the kernel may send more: `also_traced`)
  TargetProcesses targets;
  std::unique_ptr<SyscallPrograms> programs;
};

// Steps 1-4 of a session; the caller sets a record callback if it wants one and then calls
// begin() to let a started command run. Without targets, `what_everything` is the warning that
// the whole system is watched (null: none, for commands whose normal mode that is).
// `also_traced`: syscalls the kernel sends whatever -e says (trace -y keeps its descriptor table
// from them), by name.
SyscallSession open_syscall_session(TargetOptions& targets, SyscallProgramConfig config,
                                    const char* what_everything = "tracing every process on the system",
                                    const std::vector<std::string_view>& also_traced = {});
void begin(SyscallSession& session);

// The command's exit status when sysray ran one (128+signal if it was stopped first), else 0.
int exit_status(const SyscallSession& session);

SyscallBackend parse_backend(const std::string& name);

}  // namespace sysray
