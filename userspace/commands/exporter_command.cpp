// `sysray exporter`: count's in-kernel counters (plus per-comm counts and the log2 duration
// histograms) served over HTTP. Nothing flows per event: each scrape reads the maps, under one
// lock, and renders them; between scrapes sysray sleeps in sigtimedwait.
#include "commands/exporter_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

#include "bpfload/funccount_programs.h"
#include "bpfload/socket_programs.h"
#include "commands/function_patterns.h"
#include "commands/syscall_session.h"
#include "exporter/function_metrics.h"
#include "exporter/http_server.h"
#include "exporter/listen_address.h"
#include "exporter/process_stats.h"
#include "exporter/socket_metrics.h"
#include "exporter/syscall_metrics.h"
#include "util/user_error.h"

namespace sysray {

CLI::App* add_exporter_command(CLI::App& app, ExporterOptions& o, int& verbosity) {
  auto* cmd = app.add_subcommand(
      "exporter", "Serve Prometheus metrics (syscalls per comm, errors per errno, durations), "
                  "counted in the kernel");
  add_target_options(*cmd, o.targets);
  cmd->add_option("--listen", o.listen, "ADDR:PORT to serve /metrics on (default 127.0.0.1:9464)");
  cmd->add_option("--max-series", o.max_series,
                  "Label sets with a comm of their own (default 10000); later ones: comm=\"other\"")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  // One value per --funcs (repeatable), as funccount's -p: a vector option would swallow more.
  cmd->add_option("--funcs", o.funcs,
                  "Also count these kernel functions ('udp_*') or tracepoints ('t:sock:*'), as funccount does")
      ->type_name("PATTERN")
      ->allow_extra_args(false);
  cmd->add_flag("--sockets", o.sockets,
                "Also count socket events (bind, connect, send, ...) per comm, event and protocol, "
                "and the failed ones per errno");
  cmd->add_flag("-v,--verbose", verbosity, "More diagnostics");
  return cmd;
}

namespace {

// Kernel hash keys are (comm, syscall, errno): a calls series and an errors series share one,
// so twice --max-series leaves room for every admitted series and some folded ones; what does
// not fit is still counted (per syscall, under "other").
uint32_t kernel_comm_keys(size_t max_series) {
  return static_cast<uint32_t>(std::clamp<size_t>(2 * max_series, 1024, size_t{1} << 20));
}

std::string comm_of(const sr_comm_key& key) {
  return std::string(key.comm, strnlen(key.comm, sizeof(key.comm)));
}

// --funcs: funccount's programs on the exporter's targets, sharing the syscall programs'
// targets map, which -f's children join as they are forked.
struct FunctionCounter {
  Resolved resolved;
  std::unique_ptr<FunccountPrograms> programs;

  FunctionCounter(const std::vector<std::string>& patterns, const SyscallSession& session) {
    const TargetProcesses& targets = session.targets;
    FunccountConfig config;
    resolved = resolve_count_patterns(patterns, "auto", false, config);
    config.filter_pids = targets.filter_pids;
    config.shared_targets_fd = session.programs->targets_fd();
    config.cgroup_fd = targets.cgroup.get();
    config.targets = targets.initial;
    auto t0 = std::chrono::steady_clock::now();
    programs = std::make_unique<FunccountPrograms>(config);
    say_attached(resolved, *programs, count_backend_label(resolved, config),
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }

  std::vector<FunctionCount> read() { return rows_of(resolved, *programs, programs->read_counts(false)); }
};

// --sockets: the socket programs, counting in the kernel through the syscall tracepoints (the
// backend every kernel has), on the exporter's targets: they share the syscall programs'
// targets map, which -f's children join as they are forked.
struct SocketCounter {
  std::unique_ptr<SocketPrograms> programs;

  SocketCounter(const SyscallSession& session, uint32_t keys) {
    const TargetProcesses& targets = session.targets;
    SocketProgramConfig config;
    config.backend = SocketBackend::Syscalls;
    config.count_keys = keys;
    config.filter_pids = targets.filter_pids;
    config.follow_forks = false;  // the syscall programs follow them into the shared map
    config.shared_targets_fd = session.programs->targets_fd();
    config.cgroup_fd = targets.cgroup.get();
    config.targets = targets.initial;
    programs = std::make_unique<SocketPrograms>(config);
  }

  exporter::SocketSnapshot read() const {
    exporter::SocketSnapshot snap;
    for (const auto& c : programs->read_event_counts()) {
      auto kind = static_cast<sockets::EventKind>(c.key.event);
      snap.events.push_back({std::string(c.key.comm, strnlen(c.key.comm, sizeof(c.key.comm))),
                             std::string(sockets::event_name(kind)),
                             sockets::proto_name(c.key.sock_type, c.key.protocol), c.key.err, c.events});
    }
    auto overflow = programs->read_event_overflow();
    for (size_t event = 0; event < overflow.size(); ++event)
      if (overflow[event])
        snap.unattributed.push_back(
            {std::string(sockets::event_name(static_cast<sockets::EventKind>(event))), overflow[event]});
    return snap;
  }
};

// One scrape at a time: the limiter's state is shared, and concurrent map walks would only
// slow each other down.
class Scraper {
 public:
  Scraper(SyscallSession& session, FunctionCounter* functions, SocketCounter* sockets, size_t max_series)
      : session_(session), functions_(functions), sockets_(sockets), limiter_(max_series) {}

  std::string scrape(exporter::ExpositionFormat format) {
    std::lock_guard lock(mutex_);
    auto start = std::chrono::steady_clock::now();
    exporter::SyscallSnapshot snap = read_kernel();
    std::vector<FunctionCount> function_rows;
    if (functions_) function_rows = functions_->read();
    exporter::SocketSnapshot socket_snap;
    if (sockets_) socket_snap = sockets_->read();
    double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    // Sockets first: their series join the limiter's count of folded ones, which the syscall
    // families report.
    std::vector<exporter::MetricFamily> families;
    if (sockets_) families = exporter::socket_families(socket_snap, limiter_);
    for (auto& f : exporter::syscall_families(snap, limiter_)) families.push_back(std::move(f));
    if (functions_) families.push_back(exporter::kernel_function_family(std::move(function_rows)));
    families.push_back({"sysray_lost_events", "Events the kernel could not hand to sysray (ring full)",
                        exporter::MetricType::Counter,
                        {{"_total", {}, static_cast<double>(session_.programs->lost(SR_LOST_RECORDS))}}});
    families.push_back({"sysray_kernel_read_seconds", "Time this scrape spent reading the kernel maps",
                        exporter::MetricType::Gauge, {{"", {}, read_s}}});
    for (auto& f : exporter::process_families(exporter::read_self_stats())) families.push_back(std::move(f));
    return exporter::render(families, format);
  }

 private:
  exporter::SyscallSnapshot read_kernel() {
    exporter::SyscallSnapshot snap;
    const auto& table = session_.table;
    for (const auto& c : session_.programs->read_counters(false))
      if (c.latency && !c.latency->empty())
        snap.durations.push_back({table.name_of(static_cast<int>(c.nr)), *c.latency, c.stats.total_ns});
    for (const auto& c : session_.programs->read_comm_counts())
      snap.calls.push_back({comm_of(c.key), table.name_of(static_cast<int>(c.key.nr)),
                            static_cast<int>(c.key.err), c.calls});
    for (const auto& [nr, o] : session_.programs->read_comm_overflow())
      snap.unattributed.push_back({table.name_of(static_cast<int>(nr)), o.calls, o.errors});
    return snap;
  }

  SyscallSession& session_;
  FunctionCounter* functions_;  // null without --funcs
  SocketCounter* sockets_;      // null without --sockets
  exporter::SeriesLimiter limiter_;
  std::mutex mutex_;
};

// SIGINT and SIGTERM blocked in every thread (the HTTP workers inherit the mask), and taken
// synchronously by the main thread: a worker's read is never interrupted.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

int run_exporter(ExporterOptions& o) {
  if (!o.targets.command.empty())
    throw UserError("exporter watches running processes and starts none: use -p PID or --cgroup PATH");
  exporter::ListenAddress address = exporter::parse_listen_address(o.listen);
  sigset_t stop = stop_signals();
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  // Declared before the server, so that the server (its workers) stops first on every path.
  std::optional<SyscallSession> session;
  std::optional<FunctionCounter> functions;
  std::optional<SocketCounter> sockets;
  std::optional<Scraper> scraper;
  // Bound first: a port in use fails before the BPF programs load. Connections that come
  // meanwhile wait in the backlog until start().
  exporter::MetricsServer server(address, [&scraper](exporter::ExpositionFormat f) {
    return scraper->scrape(f);
  });

  SyscallProgramConfig config;
  config.count_mode = true;
  config.latency = true;
  config.comm_keys = kernel_comm_keys(o.max_series);
  session.emplace(open_syscall_session(o.targets, config, nullptr));
  if (!o.funcs.empty()) functions.emplace(o.funcs, *session);
  if (o.sockets) sockets.emplace(*session, config.comm_keys);
  scraper.emplace(*session, functions ? &*functions : nullptr, sockets ? &*sockets : nullptr,
                  o.max_series);
  server.start();
  spdlog::info("serving metrics on http://{}/metrics", address.text());

  for (;;) {
    timespec tick{1, 0};
    int sig = sigtimedwait(&stop, nullptr, &tick);
    if (sig == SIGINT || sig == SIGTERM) break;
    if (!server.serving()) throw UserError("the HTTP server stopped", kExitRefused);
  }
  return 0;
}

}  // namespace sysray
