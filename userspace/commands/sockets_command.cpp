// `sysray sockets`: one line per socket event of the targets, the holder of an address when a
// bind or listen fails with EADDRINUSE, and a per-peer summary at the end.
// Records flow ring → parse → socket table and summary → filter (--port, --proto) → print.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include <cerrno>
#include <charconv>
#include <memory>
#include <optional>

#include "bpfload/socket_programs.h"
#include "cli/byte_size.h"
#include "commands/child_command.h"
#include "commands/commands.h"
#include "commands/lost_report.h"
#include "commands/session_end.h"
#include "commands/target_processes.h"
#include "commands/trace_stacks.h"
#include "decode/syscall_table.h"
#include "kernel/features.h"
#include "kernel/privileges.h"
#include "format/clock_format.h"
#include "format/output.h"
#include "format/output_stream.h"
#include "sockets/port_owners.h"
#include "sockets/proc_sockets.h"
#include "sockets/socket_summary.h"
#include "sockets/socket_table.h"
#include "sysray/events.h"
#include "util/malformed_records.h"
#include "util/user_error.h"

namespace sysray {
namespace {

using namespace sockets;

std::optional<uint32_t> parse_uint(const std::string& text, uint32_t max) {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v > max)
    return std::nullopt;
  return v;
}

struct Filters {
  std::optional<uint16_t> port;
  std::string proto;  // "" = any

  bool pass(const SocketEvent& ev) const {
    if (port && ev.local.port != *port && ev.remote.port != *port) return false;
    return proto.empty() || proto_name(ev.sock_type, ev.protocol) == proto;
  }
};

Filters parse_filters(const SocketsOptions& o) {
  Filters f;
  if (!o.port.empty()) {
    auto port = parse_uint(o.port, 65535);
    if (!port || *port == 0)
      throw UserError(fmt::format("invalid --port '{}': expected a number from 1 to 65535", o.port));
    f.port = *port;
  }
  if (!o.proto.empty() && o.proto != "tcp" && o.proto != "udp")
    throw UserError(fmt::format("invalid --proto '{}': expected tcp or udp", o.proto));
  f.proto = o.proto;
  return f;
}

// --backend: fentry or kprobe only where the feature probe says the kernel has it; auto takes
// the kernel-function backends first, else the syscall tracepoints (docs/DESIGN-sockets.md).
std::vector<SocketBackend> backend_candidates(const std::string& requested) {
  if (requested == "syscalls") return {SocketBackend::Syscalls};
  if (requested != "auto" && requested != "fentry" && requested != "kprobe")
    throw UserError(fmt::format(
        "unknown --backend '{}': expected auto, fentry, kprobe or syscalls", requested));
  const Features& f = kernel_features();
  std::vector<std::string> available = f.socket_backends();
  if (requested != "auto") {
    if (std::find(available.begin(), available.end(), requested) == available.end()) {
      // Name the missing half: fentry without fexit, kprobe without kretprobe.
      std::string missing = f.has(requested) ? (requested == "fentry" ? "fexit" : "kretprobe") : requested;
      throw UserError(fmt::format("--backend {} is not available on this kernel ({}: {})", requested,
                                  missing, f.get(missing).reason), kExitRefused);
    }
    available = {requested};
  }
  std::vector<SocketBackend> out;
  for (const auto& b : available)
    out.push_back(b == "fentry" ? SocketBackend::Fentry : b == "kprobe" ? SocketBackend::Kprobe : SocketBackend::Syscalls);
  return out;
}

// The first candidate that loads and attaches; the last one's error when none does.
std::unique_ptr<SocketPrograms> load_programs(SocketProgramConfig config,
                                              const std::vector<SocketBackend>& candidates) {
  for (size_t i = 0; i < candidates.size(); ++i) {
    config.backend = candidates[i];
    try {
      return std::make_unique<SocketPrograms>(config);
    } catch (const UserError& e) {
      if (i + 1 == candidates.size()) throw;
      spdlog::debug("{} backend unavailable ({}), trying the next", socket_backend_name(candidates[i]),
                    e.what());
    }
  }
  throw std::logic_error("no backend candidates");
}

bool address_in_use(const SocketEvent& ev) {
  return (ev.kind == EventKind::Bind || ev.kind == EventKind::Listen) && ev.error() == EADDRINUSE;
}

}  // namespace

int run_sockets(SocketsOptions& o) {
  Filters filters = parse_filters(o);
  auto payload = parse_uint(o.payload, SR_SOCK_PAYLOAD_MAX);
  if (!payload)
    throw UserError(fmt::format("invalid --payload '{}': expected a number of bytes from 0 to {}",
                                o.payload, SR_SOCK_PAYLOAD_MAX));
  finish_target_options(o.targets);
  require_tracing_privileges();
  auto candidates = backend_candidates(o.targets.backend);
  require_processes_exist(o.targets.pids);

  SocketProgramConfig config;
  config.follow_forks = o.targets.follow_forks;
  config.payload_max = *payload;
  config.ring_bytes = parse_ring_size(o.buffer_size);
  if (o.stack_traces) config.stack_bytes = parse_stack_size(o.stack_size);
  TargetProcesses targets = start_targets(o.targets, "watching the sockets of every process");
  config.filter_pids = targets.filter_pids;
  config.cgroup_fd = targets.cgroup.get();
  config.targets = targets.initial;
  OutputStream out(o.output);
  // Mappings are watched from before the programs attach and the command starts.
  std::unique_ptr<TraceStacks> stacks;
  if (o.stack_traces) stacks = std::make_unique<TraceStacks>(o.stack_traces > 1);
  std::unique_ptr<SocketPrograms> loaded = load_programs(config, candidates);
  SocketPrograms& programs = *loaded;
  spdlog::debug("socket programs attached: {} backend, {} syscall tracepoints",
                socket_backend_name(programs.backend()), programs.attach_type());

  SocketTable table;
  // Sockets the -p processes opened before sysray started (attached first: nothing is missed).
  for (pid_t pid : o.targets.pids)
    for (auto& s : scan_process_sockets(pid)) table.add_existing(std::move(s));

  decode::SyscallTable syscalls = decode::SyscallTable::load();
  OutputOptions output_options;
  output_options.sockets.realtime_offset_ns = realtime_offset_ns();
  output_options.sockets.backend = socket_backend_name(programs.backend());
  output_options.sockets.payload = *payload > 0;
  output_options.sockets.stacks = o.stack_traces > 0;
  output_options.sockets.source_lines = o.stack_traces > 1;
  output_options.sockets.syscall_name = [&](uint32_t nr) {
    const auto* info = syscalls.by_nr(int(nr));
    return info ? info->name : std::string();
  };
  std::unique_ptr<Output> output = make_output(o.json, std::move(output_options));
  SocketSummary summary;
  PendingOwners owners;
  PendingOwners::Render render_owners = [&](fmt::memory_buffer& buf, const OwnerQuestion& q) {
    output->port_owners(buf, q);
  };
  MalformedRecords malformed;
  std::string error;
  if (stacks) programs.set_stack_callback([&](const void* data, size_t size) { stacks->on_record(data, size); });
  programs.set_record_callback([&](const void* data, size_t size) {
    auto ev = parse_socket_record(data, size, &error);
    if (!ev) {
      malformed.drop(error);
      return;
    }
    // Its stack came just before it: the table keeps a bind's, for the holder's line.
    if (stacks) ev->stack = stacks->take(ev->stack_id);
    table.apply(*ev);
    if (ev->kind == EventKind::Exit || !filters.pass(*ev)) return;
    summary.add(*ev);
    output->socket_event(owners.lines(out.buffer()), *ev);
    if (address_in_use(*ev)) owners.add(find_owners(*ev, table, programs.inflight()));
    if (owners.empty()) out.maybe_flush();
  });

  install_stop_signals();
  if (targets.child) targets.child->release();
  SessionEnd end(targets.child.get(), targets.pids, o.duration_s);
  LostReport lost_events("events");
  // Without its exit, a process's sockets stay in the table and may be named as holders.
  LostReport lost_exits("process exits (their sockets may still be named as port holders)",
                        "process_exits");
  LostReport lost_stacks("stacks (sockets -k)", "stacks");
  auto report_lost = [&] {
    lost_events.update(programs.lost_events(), *output, out.buffer());
    lost_exits.update(programs.lost_process_exits(), *output, out.buffer());
    if (stacks) lost_stacks.update(programs.lost_stacks(), *output, out.buffer());
  };
  while (!end.reached()) {
    programs.poll(end.poll_timeout_ms(100));
    if (stacks) stacks->poll();
    owners.release(out.buffer(), table, render_owners, monotonic_ns(), false);
    report_lost();
    out.flush();
  }
  programs.finish();
  owners.release(out.buffer(), table, render_owners, monotonic_ns(), true);
  report_lost();
  malformed.report();
  if (stacks) stacks->report_end();
  output->socket_summary(out.buffer(), summary.rows());
  report_untracked_children(programs.untracked_children());
  out.flush();
  return exit_status(targets);
}

}  // namespace sysray
