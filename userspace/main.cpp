// sysray: a production-safe eBPF tracer. This file only parses the command line and turns
// errors into one line on stderr and a non-zero exit.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <bpf/libbpf.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "commands/capture_command.h"
#include "commands/commands.h"
#include "commands/funclatency_command.h"
#include "commands/function_options.h"
#include "commands/export_command.h"
#include "commands/exporter_command.h"
#include "util/message.h"
#include "util/user_error.h"

namespace {

// libbpf talks through spdlog: its warnings only with -v, since sysray reports failures itself.
int libbpf_log(enum libbpf_print_level level, const char* fmt, va_list args) {
  if (level == LIBBPF_DEBUG && spdlog::get_level() > spdlog::level::trace) return 0;
  if (spdlog::get_level() > spdlog::level::debug) return 0;
  // Sized to the message: a verifier log is one message of many kilobytes, and its last lines
  // (the rejected instruction) are the ones that matter.
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  if (n <= 0) return 0;
  std::string text(static_cast<size_t>(n) + 1, '\0');
  vsnprintf(text.data(), text.size(), fmt, args);
  text.resize(static_cast<size_t>(n));
  while (!text.empty() && text.back() == '\n') text.pop_back();
  spdlog::debug("libbpf: {}", text);
  return 0;
}

void setup_logging(int verbosity) {
  auto logger = spdlog::stderr_color_mt("sysray");
  logger->set_pattern("sysray: %l: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(verbosity >= 2 ? spdlog::level::trace
                    : verbosity == 1 ? spdlog::level::debug
                                     : spdlog::level::warn);
  libbpf_set_print(libbpf_log);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sysray;
  CLI::App app{"sysray: strace's depth at eBPF's cost"};
  app.set_version_flag("--version", "sysray " SYSRAY_VERSION);
  app.require_subcommand(1);
  int verbosity = 0;
  app.add_flag("-v,--verbose", verbosity, "More diagnostics (-vv: libbpf debug output)");

  TraceOptions trace;
  auto* trace_cmd = app.add_subcommand("trace", "Stream decoded syscalls, like strace");
  add_target_options(*trace_cmd, trace.targets);
  trace_cmd->add_flag("--failed,-Z", trace.only_failed, "Only syscalls that returned an error");
  trace_cmd->add_flag("--successful-only,-z", trace.only_succeeded,
                      "Only syscalls that returned without an error");
  trace_cmd->add_option("-s,--string-limit", trace.snaplen, "Bytes of buffers to show (default 32)");
  trace_cmd->add_flag("-T", trace.durations, "Show the time spent in each syscall");
  trace_cmd->add_flag("-t", trace.timestamps, "Time of day (-tt: with microseconds)");
  trace_cmd->add_option("-o,--output", trace.output, "Write the trace to FILE");
  trace_cmd->add_flag("--json", trace.json, "JSON Lines (see docs/JSON.md)");
  trace_cmd->add_option("--buffer-size", trace.buffer_size,
                        "BPF ring buffer size, a power of two (default 16M); raise it if events are lost");
  trace_cmd->add_option("--quiet", trace.quiet,
                        "strace's --quiet LIST: 'exit' hides the '+++ exited with N +++' lines");
  trace_cmd->add_flag("-k,--stack-traces", trace.stack_traces,
                      "The user stack of each call, as strace -k prints it (-kk: with FILE:LINE)");
  trace_cmd->add_option("--stack-size", trace.stack_size,
                        "Bytes of user stack copied per call for -k (default 8K, at most 64K)");
  trace_cmd->add_option("-a,--columns", trace.align_column,
                        "Align return values at COLUMN, as strace -a (default: 40 in -o files, "
                        "as strace writes them; none on stdout)")
      ->type_name("COLUMN")
      ->check(CLI::Range(0, 1000));
  trace_cmd->add_option("-X,--const-print-style", trace.xlat,
                        "Constants as names (abbrev, the default), numbers (raw: 0x80000) or both "
                        "(verbose: 0x80000 /* O_RDONLY|O_CLOEXEC */), as strace -X, for arguments")
      ->type_name("STYLE");
  trace_cmd->add_flag("-y,--decode-fds", trace.decode_fds,
                      "What each descriptor refers to: read(3</etc/passwd>, ...) (-yy: sockets' "
                      "addresses, 3<TCP:[127.0.0.1:41234->127.0.0.1:80]>)");
  trace_cmd->add_option("-P,--trace-path", trace.paths,
                        "Only the calls that touch PATH (a path argument or a descriptor of it)")
      ->type_name("PATH");
  trace_cmd->add_flag("-v,--verbose", verbosity, "More diagnostics");

  CountOptions count;
  auto* count_cmd = app.add_subcommand("count", "Count syscalls in the kernel, like strace -c");
  add_target_options(*count_cmd, count.targets);
  count_cmd->add_option("-d,--duration", count.duration_s, "Stop after SEC seconds")
      ->check(CLI::PositiveNumber);
  count_cmd->add_option("-i,--interval", count.interval_s, "Print and reset every SEC seconds")
      ->check(CLI::PositiveNumber);
  count_cmd->add_option("-o,--output", count.output, "Write the summary to FILE");
  count_cmd->add_flag("--json", count.json, "One JSON object per summary");
  count_cmd->add_flag("--latency", count.latency,
                      "A log2 histogram of each syscall's durations, kept in the kernel");
  count_cmd->add_flag("-v,--verbose", verbosity, "More diagnostics");

  FunccountOptions funccount;
  auto* funccount_cmd = app.add_subcommand(
      "funccount", "Count calls of kernel functions ('udp_*') and tracepoints ('t:sock:*')");
  add_function_command_options(*funccount_cmd, funccount,
                               "Shell globs; t:CATEGORY:EVENT for tracepoints", "the counts");
  funccount_cmd->add_flag("--stacks", funccount.stacks,
                          "Count each kernel stack that reached each function, in the kernel");
  funccount_cmd->add_flag("--folded", funccount.folded,
                          "The stacks as 'comm;outer;...;inner COUNT' lines for flame graphs "
                          "(implies --stacks)");
  funccount_cmd->add_flag("--user", funccount.user,
                          "Add the user stack of each hit, as trace -k unwinds it (implies --stacks; "
                          "each hit then crosses to userspace)");
  funccount_cmd->add_option("--stack-size", funccount.stack_size,
                            "Bytes of user stack copied per hit for --user (default 8K, at most 64K)");

  SocketsOptions sockets;
  auto* sockets_cmd = app.add_subcommand(
      "sockets", "Stream socket events (bind, connect, send, ...) and explain EADDRINUSE");
  sockets_cmd->add_option("-p,--pid", sockets.targets.pid_args, "Watch these processes: PID[,PID...]")
      ->type_name("PID");
  sockets_cmd->add_flag("-f,--follow-forks", sockets.targets.follow_forks,
                        "Also watch the children the targets fork");
  sockets_cmd->add_option("--port", sockets.port, "Only events with this local or remote port");
  sockets_cmd->add_option("--proto", sockets.proto, "Only tcp or udp");
  sockets_cmd->add_option("--payload", sockets.payload, "Show up to N bytes of data sent/received");
  sockets_cmd->add_flag("-k,--stack-traces", sockets.stack_traces,
                        "The user stack of each event, and of the bind that took a port in use "
                        "(-kk: with FILE:LINE)");
  sockets_cmd->add_option("--stack-size", sockets.stack_size,
                          "Bytes of user stack copied per event for -k (default 8K, at most 64K)");
  sockets_cmd->add_option("-d,--duration", sockets.duration_s, "Stop after SEC seconds")
      ->check(CLI::PositiveNumber);
  sockets_cmd->add_option("-o,--output", sockets.output, "Write the events to FILE");
  sockets_cmd->add_option("--buffer-size", sockets.buffer_size,
                          "BPF ring buffer size, a power of two (default 16M); raise it if events are lost");
  sockets_cmd->add_flag("--json", sockets.json, "JSON Lines (see docs/JSON.md)");
  sockets_cmd->add_option("--backend", sockets.targets.backend,
                          "auto, fentry, kprobe or syscalls");
  add_cgroup_option(*sockets_cmd, sockets.targets);
  sockets_cmd->add_flag("-v,--verbose", verbosity, "More diagnostics");

  FeaturesOptions features;
  auto* features_cmd = app.add_subcommand("features", "What this kernel supports, and what each command will use");
  features_cmd->add_flag("--json", features.json, "One JSON object");
  features_cmd->add_flag("-v,--verbose", verbosity, "More diagnostics");

  InflightOptions inflight;
  auto* inflight_cmd = app.add_subcommand(
      "inflight", "A running process's threads now: the call each is blocked in, for how long, "
                  "and its stacks; the process is not stopped");
  inflight_cmd->add_option("-p,--pid", inflight.pids, "These processes: PID[,PID...]")->required();
  inflight_cmd->add_flag("--json", inflight.json, "JSON Lines (see docs/JSON.md)");
  inflight_cmd->add_option("-i,--interval", inflight.interval_s, "A new snapshot every SEC seconds")
      ->check(CLI::PositiveNumber);
  inflight_cmd->add_option("-d,--duration", inflight.duration_s, "With -i: stop after SEC seconds")
      ->check(CLI::PositiveNumber);
  inflight_cmd->add_option("--min-wait", inflight.min_wait,
                           "Only threads blocked at least this long (5s, 250ms, 2m)");
  inflight_cmd->add_option("-s,--string-limit", inflight.snaplen,
                           "Bytes of buffers to show (default 32)");
  inflight_cmd->add_option("--stack-size", inflight.stack_size,
                           "Bytes of user stack read per thread (default 8K, at most 64K)");
  inflight_cmd->add_flag("-k", inflight.source_lines, "-kk: FILE:LINE in the user frames");
  inflight_cmd->add_option("-o,--output", inflight.output, "Write the snapshot to FILE");
  inflight_cmd->add_flag("-v,--verbose", verbosity, "More diagnostics");

  CaptureOptions capture;
  auto* capture_cmd = add_capture_command(app, capture, verbosity);

  ExportOptions export_opts;
  auto* export_cmd = add_export_command(app, export_opts);

  FunclatencyOptions funclatency;
  auto* funclatency_cmd = add_funclatency_command(app, funclatency);

  ExporterOptions exporter;
  auto* exporter_cmd = add_exporter_command(app, exporter, verbosity);

  // Everything after "--" is the command to run, whatever it looks like; CLI11 sees the rest.
  std::vector<std::string> command;
  int cli_argc = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--") {
      command.assign(argv + i + 1, argv + argc);
      cli_argc = i;
      break;
    }
  }
  trace.targets.command = command;
  count.targets.command = command;
  funccount.targets.command = command;
  funclatency.targets.command = command;
  sockets.targets.command = command;
  capture.targets.command = command;
  exporter.targets.command = command;

  // CLI11 says only "A subcommand is required" for a misspelt command: name it, and the real ones.
  if (cli_argc < 2 || argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
      names.push_back(sub->get_name());
    std::string list = fmt::format("{}", fmt::join(names, ", "));
    if (cli_argc < 2) {
      print_message("a command is required: {} (see sysray --help)", list);
      return kExitBadInput;
    }
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      print_message("unknown command '{}': expected one of {} (see sysray --help)", argv[1], list);
      return kExitBadInput;
    }
  }
  try {
    app.parse(cli_argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    for (char& c : what)
      if (c == '\n') c = ' ';
    print_message("{} (see sysray --help)", what);
    return kExitBadInput;
  }

  setup_logging(verbosity);
  // funccount's own -v (skipped functions, detach time) logs at info: let info through, but not
  // the debug lines (libbpf's) that -v elsewhere shows.
  if (funccount.verbose && verbosity == 0) spdlog::set_level(spdlog::level::info);
  try {
    if (*trace_cmd) return run_trace(trace);
    if (*features_cmd) return run_features(features);
    if (*funccount_cmd) return run_funccount(funccount);
    if (*funclatency_cmd) return run_funclatency(funclatency);
    if (*sockets_cmd) return run_sockets(sockets);
    if (*capture_cmd) return run_capture(capture);
    if (*inflight_cmd) return run_inflight(inflight);
    if (*export_cmd) return run_export(export_opts);
    if (*exporter_cmd) return run_exporter(exporter);
    return run_count(count);
  } catch (const UserError& e) {
    print_message("{}", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    print_message("internal error: {}", e.what());
    return kExitRefused;  // not bad input: the README's other code
  }
}
