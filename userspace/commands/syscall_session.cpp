#include "commands/syscall_session.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/syscall_filter.h"
#include "decode/syscall_semantics.h"
#include "commands/session_end.h"
#include "kernel/privileges.h"
#include "util/user_error.h"

namespace sysray {

SyscallBackend parse_backend(const std::string& name) {
  if (name == "auto") return SyscallBackend::Auto;
  if (name == "tp_btf") return SyscallBackend::TpBtf;
  if (name == "raw_tp") return SyscallBackend::RawTp;
  throw UserError(fmt::format("unknown --backend '{}': expected auto, tp_btf or raw_tp", name));
}

namespace {

SyscallSet selected_syscalls(const TargetOptions& targets, const decode::SyscallTable& table) {
  if (targets.filter_exprs.empty()) return SyscallSet().set();
  return parse_syscall_filters(targets.filter_exprs, table);
}

}  // namespace

SyscallSession open_syscall_session(TargetOptions& targets, SyscallProgramConfig config,
                                    const char* what_everything,
                                    const std::vector<std::string_view>& also_traced) {
  SyscallSession s;
  finish_target_options(targets);
  config.backend = parse_backend(targets.backend);
  s.table = decode::SyscallTable::load();
  s.shown = selected_syscalls(targets, s.table);  // bad -e fails before privileges
  config.syscalls = s.shown;
  for (std::string_view name : also_traced)
    if (auto nr = s.table.nr_of(name); nr && *nr >= 0 && *nr < SR_MAX_SYSCALLS) config.syscalls.set(*nr);
  if (!config.count_mode) {
    config.captures.assign(SR_MAX_SYSCALLS, sr_syscall_captures{});
    for (const auto& info : s.table.all())
      if (info.nr >= 0 && info.nr < SR_MAX_SYSCALLS)
        config.captures[info.nr] = decode::capture_plan(info);
  }
  require_tracing_privileges();
  require_processes_exist(targets.pids);

  config.follow_forks = targets.follow_forks;
  s.targets = start_targets(targets, what_everything);
  config.filter_pids = s.targets.filter_pids;
  config.cgroup_fd = s.targets.cgroup.get();
  config.targets = s.targets.initial;
  s.programs = std::make_unique<SyscallPrograms>(config);
  spdlog::debug("syscall programs attached with {}", backend_name(s.programs->backend()));
  return s;
}

void begin(SyscallSession& session) {
  install_stop_signals();
  if (session.targets.child) session.targets.child->release();
}

}  // namespace sysray

namespace sysray {

int exit_status(const SyscallSession& session) {
  return exit_status(session.targets);
}

}  // namespace sysray
