// `sysray capture`: ring → WriteReassembler (whole writes, in order, losses marked) →
// CaptureOutput (raw bytes or JSON, gaps on stderr and --gaps FILE).
#include "commands/capture_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "bpfload/capture_programs.h"
#include "cli/byte_size.h"
#include "cli/fd_list.h"
#include "commands/child_command.h"
#include "commands/lost_report.h"
#include "commands/session_end.h"
#include "commands/target_processes.h"
#include "format/capture_output.h"
#include "format/clock_format.h"
#include "format/output_stream.h"
#include "kernel/privileges.h"
#include "trace/write_reassembler.h"
#include "util/errno_text.h"
#include "util/malformed_records.h"
#include "util/message.h"
#include "util/user_error.h"

namespace sysray {

CLI::App* add_capture_command(CLI::App& app, CaptureOptions& o, int& verbosity) {
  auto* cmd = app.add_subcommand(
      "capture", "The bytes the targets write to fds (stderr that goes nowhere), complete and in order");
  cmd->add_option("--fd", o.fds, "Capture writes to these fds: N[,N...]")->type_name("N")->required();
  cmd->add_option("-p,--pid", o.targets.pid_args, "Capture from these processes: PID[,PID...]")
      ->type_name("PID");
  cmd->add_flag("-f,--follow-forks", o.targets.follow_forks,
                "Also capture from the children the targets fork");
  add_cgroup_option(*cmd, o.targets);
  cmd->add_option("-o,--output", o.output, "Write the captured bytes to FILE");
  cmd->add_option("--gaps", o.gaps, "Write one line per lost piece to FILE (where, how many bytes)");
  cmd->add_flag("--json", o.json, "JSON Lines, one object per write (see docs/JSON.md)");
  cmd->add_option("--buffer-size", o.buffer_size,
                  "BPF ring buffer size, a power of two (default 64M); raise it if bytes are lost");
  cmd->add_option("-d,--duration", o.duration_s, "Stop after SEC seconds")->check(CLI::PositiveNumber);
  cmd->add_flag("-v,--verbose", verbosity, "More diagnostics");
  return cmd;
}

namespace {

// --gaps FILE, line-buffered so that a reader sees each loss as it happens.
struct GapsFile {
  explicit GapsFile(const std::string& path) {
    if (path.empty()) return;
    file = std::fopen(path.c_str(), "w");
    if (!file) throw UserError(fmt::format("cannot open --gaps {}: {}", path, errno_text(errno)));
    std::setvbuf(file, nullptr, _IOLBF, 0);
  }
  ~GapsFile() {
    if (file) std::fclose(file);
  }
  GapsFile(const GapsFile&) = delete;
  GapsFile& operator=(const GapsFile&) = delete;
  FILE* file = nullptr;
};

}  // namespace

int run_capture(CaptureOptions& o) {
  std::vector<int> fds = parse_fd_list(o.fds);
  finish_target_options(o.targets);
  if (o.targets.pids.empty() && o.targets.command.empty() && o.targets.cgroup.empty())
    throw UserError("capture needs its targets: -p PID[,PID...] or a command after --");
  uint32_t ring_bytes = parse_ring_size(o.buffer_size);
  require_tracing_privileges();
  require_processes_exist(o.targets.pids);

  CaptureProgramConfig config;
  config.fds = fds;
  config.follow_forks = o.targets.follow_forks;
  config.ring_bytes = ring_bytes;
  TargetProcesses targets = start_targets(o.targets, nullptr);
  config.filter_pids = targets.filter_pids;
  config.cgroup_fd = targets.cgroup.get();
  config.targets = targets.initial;
  GapsFile gaps(o.gaps);
  OutputStream out(o.output);
  CapturePrograms programs(config);
  spdlog::debug("capture program attached ({})", programs.attach_type());

  WriteReassembler writes;
  CaptureOutput output(o.json, gaps.file);
  MalformedRecords malformed;
  programs.set_record_callback([&](const void* data, size_t size) {
    sr_capture_chunk c;
    if (size < sizeof(c)) return malformed.drop("a capture record shorter than its header");
    std::memcpy(&c, data, sizeof(c));
    if (c.len > SR_CAPTURE_CHUNK || size < sizeof(c) + c.len)
      return malformed.drop("a capture record shorter than its data");
    if (!writes.add(c, static_cast<const uint8_t*>(data) + sizeof(c)))
      malformed.drop("a capture piece out of order");
  });
  auto lost = [&](uint64_t seq) { return programs.lost_write(seq); };
  auto sink = [&](const CapturedWrite& w) {
    output.write(out.buffer(), w);
    if (w.loss) programs.forget_lost_write(w.seq);
    out.maybe_flush();
  };

  install_stop_signals();
  if (targets.child) targets.child->release();
  SessionEnd end(targets.child.get(), targets.pids, o.duration_s);
  while (!end.reached()) {
    programs.poll(end.poll_timeout_ms(100));
    writes.release(sink, lost, monotonic_ns());
    out.flush();
  }
  programs.finish();
  writes.release(sink, lost, monotonic_ns(), programs.writes());
  out.flush();
  malformed.report();
  if (uint64_t n = programs.unrecorded_losses())
    print_message("capture: {} writes were lost and not even their loss could be recorded", n);
  if (output.lost_writes())
    print_message("capture: {} of {} writes were not captured whole ({} bytes of known size lost{})",
                  output.lost_writes(), programs.writes(), output.lost_bytes(),
                  output.unknown_writes() ? fmt::format(", and {} writes of unknown size", output.unknown_writes())
                                          : std::string());
  report_untracked_children(programs.untracked_children());
  return exit_status(targets);
}

}  // namespace sysray
