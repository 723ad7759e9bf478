// `sysray exporter` against the real thing: Debian's Prometheus scrapes it every second and
// PromQL through Prometheus' HTTP API must return the exact counts a workload made (1000
// getppid, 37 openat failing with ENOENT), a finite histogram quantile; `promtool check metrics`
// accepts a scrape; a silent client does not stall a scrape; SIGTERM exits 0; bad input is one
// line and a non-zero exit. Ports: free ones, asked from the kernel.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <string>

#include "../unit/loopback_listener.h"
#include "exporter_support.h"
#include "runtime_support.h"
#include "util/unique_fd.h"

using namespace sysray::test;
using sysray::UniqueFd;
using namespace sysray::test_support;

namespace {

// Debian's prometheus on a free port of 127.0.0.1, scraping 127.0.0.1:target_port every second,
// with its storage in `dir`.
struct Prometheus {
  int port = free_loopback_port();
  Process process;

  Prometheus(const TempDir& dir, int target_port)
      : process({"prometheus", "--config.file=" + write_config(dir, target_port),
                 "--storage.tsdb.path=" + dir.file("data"),
                 "--web.listen-address=127.0.0.1:" + std::to_string(port)}) {}

  static std::string write_config(const TempDir& dir, int target_port) {
    write_file(dir.file("prometheus.yml"),
               "global:\n"
               "  scrape_interval: 1s\n"
               "  scrape_timeout: 1s\n"
               "  evaluation_interval: 1s\n"
               "scrape_configs:\n"
               "  - job_name: sysray\n"
               "    static_configs:\n"
               "      - targets: ['127.0.0.1:" + std::to_string(target_port) + "']\n");
    return dir.file("prometheus.yml");
  }

  // The instant vector of `promql` (an empty array while nothing matches yet).
  json query(const std::string& promql) {
    auto r = http_get(port, "/api/v1/query", {}, {{"query", promql}});
    if (!r.ok || r.status != 200) return json::array();
    json body = json::parse(r.body, nullptr, false);
    if (body.is_discarded() || body["status"] != "success") return json::array();
    return body["data"]["result"];
  }

  // The value of the single series `promql` returns, once there is one; "" on timeout.
  std::string value_of(const std::string& promql) {
    json result;
    poll_until([&] { return (result = query(promql)).size() == 1; }, std::chrono::seconds(60));
    INFO(promql << " -> " << result.dump());
    if (result.size() != 1) return "";
    return result[0]["value"][1].get<std::string>();
  }
};

// The exporter_calls workload, watched by `sysray exporter -p PID ARGS...`: its GETPPIDS getppid
// and MISSING_OPENS failing openat calls start only once the exporter answers /healthz (the
// programs are attached), and are done when the constructor returns.
struct CountedCalls {
  Process target;
  Exporter exporter;

  CountedCalls(int getppids, int missing_opens, const std::vector<std::string>& args)
      : target({workload("exporter_calls"), std::to_string(getppids), std::to_string(missing_opens)}),
        exporter(with_pid(args)) {
    REQUIRE(exporter.wait_healthy());
    target.signal(SIGUSR1);
    REQUIRE(target.wait_until([](const Process& p) { return p.out().find("done\n") != std::string::npos; },
                              scaled(std::chrono::seconds(20))));
  }

  // -p PID first; the workload must be ready (pid printed, signals blocked) before it is named.
  std::vector<std::string> with_pid(const std::vector<std::string>& args) {
    REQUIRE(wait_ready(target));
    std::vector<std::string> all{"-p", std::to_string(target.pid())};
    all.insert(all.end(), args.begin(), args.end());
    return all;
  }

  // Ends the workload (exit 0 expected), then the exporter with SIGTERM: its result.
  ProcessResult finish() {
    target.signal(SIGTERM);
    CHECK(target.wait(scaled(std::chrono::seconds(10))).exit_code == 0);
    return exporter.terminate();
  }
};

}  // namespace

TEST_CASE("exporter: Prometheus scrapes the exact counts of a -p target", "[exporter]") {
  CountedCalls calls(1000, 37, {});
  Exporter& exporter = calls.exporter;

  // One scrape by hand: the text format, and promtool's verdict on it.
  auto scrape = exporter.scrape();
  REQUIRE(scrape.ok);
  CHECK(scrape.status == 200);
  CHECK(scrape.content_type == "text/plain; version=0.0.4; charset=utf-8");
  INFO(scrape.body);
  CHECK(scrape.body.find("sysray_syscalls_total{comm=\"exporter_calls\",syscall=\"getppid\"} 1000\n") !=
        std::string::npos);
  CHECK(scrape.body.find("sysray_syscall_errors_total{comm=\"exporter_calls\",syscall=\"openat\",errno=\"ENOENT\"} 37\n") !=
        std::string::npos);
  TempDir dir;
  write_file(dir.file("scrape.txt"), scrape.body);
  auto promtool = run_process({"sh", "-c", "promtool check metrics < " + dir.file("scrape.txt")});
  INFO(promtool.describe());
  CHECK(promtool.exit_code == 0);
  CHECK(promtool.out + promtool.err == "");  // no lint findings either

  Prometheus prometheus(dir, exporter.port());
  const std::string comm = "comm=\"exporter_calls\"";
  CHECK(prometheus.value_of("up{job=\"sysray\"} == 1") == "1");
  CHECK(prometheus.value_of("sysray_syscalls_total{" + comm + ",syscall=\"getppid\"}") == "1000");
  CHECK(prometheus.value_of("sysray_syscall_errors_total{" + comm + ",syscall=\"openat\",errno=\"ENOENT\"}") ==
        "37");
  CHECK(prometheus.value_of("sum(sysray_syscall_errors_total{syscall=\"openat\"})") == "37");
  CHECK(prometheus.value_of("sysray_syscall_duration_seconds_count{syscall=\"getppid\"}") == "1000");
  std::string q90 = prometheus.value_of(
      "histogram_quantile(0.9, sysray_syscall_duration_seconds_bucket{syscall=\"getppid\"})");
  INFO("quantile: " << q90);
  REQUIRE_FALSE(q90.empty());
  double q = std::stod(q90);
  CHECK(std::isfinite(q));
  CHECK(q > 0);
  CHECK(q < 1);  // getppid takes nanoseconds, not a second

  auto r = calls.finish();
  INFO(r.describe());
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  prometheus.process.signal(SIGTERM);
  prometheus.process.wait(scaled(std::chrono::seconds(15)));
}

TEST_CASE("exporter: a silent client does not stall a scrape; OpenMetrics; SIGTERM exits 0",
          "[exporter]") {
  Exporter exporter({});  // system-wide
  REQUIRE(exporter.wait_healthy());
  UniqueFd quiet1 = silent_client(exporter.port());
  UniqueFd quiet2 = silent_client(exporter.port());

  auto started = std::chrono::steady_clock::now();
  auto scrape = exporter.scrape();
  auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(scrape.ok);
  CHECK(scrape.status == 200);
  // The server drops a silent client after 3 s: a scrape queued behind one would take that long.
  CHECK(took < scaled(std::chrono::milliseconds(1500)));
  // System-wide: other processes' calls are there (this test's own connects among them).
  CHECK(scrape.body.find("sysray_syscalls_total{comm=\"") != std::string::npos);
  CHECK(scrape.body.find("# TYPE sysray_syscall_duration_seconds histogram\n") != std::string::npos);
  CHECK(scrape.body.find("\nsysray_process_resident_memory_bytes ") != std::string::npos);

  auto om = http_get(exporter.port(), "/metrics", {{"Accept", "application/openmetrics-text; version=1.0.0"}});
  REQUIRE(om.ok);
  CHECK(om.content_type == "application/openmetrics-text; version=1.0.0; charset=utf-8");
  CHECK(om.body.find("# TYPE sysray_syscalls counter\n") != std::string::npos);
  REQUIRE(om.body.size() >= 6);
  CHECK(om.body.substr(om.body.size() - 6) == "# EOF\n");

  auto started_stop = std::chrono::steady_clock::now();
  auto r = exporter.terminate();
  INFO(r.describe());
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  CHECK(std::chrono::steady_clock::now() - started_stop < scaled(std::chrono::seconds(8)));
}

TEST_CASE("exporter: bad input is one clear line and a non-zero exit", "[exporter]") {
  auto one_line = [](const ProcessResult& r, int code, const std::string& starts) {
    INFO(r.describe());
    CHECK(r.exit_code == code);
    CHECK(r.out == "");
    CHECK(split_lines(r.err).size() == 1);
    CHECK(r.err.rfind(starts, 0) == 0);
  };
  one_line(run_sysray({"exporter", "--listen", "nonsense"}), 2,
           "sysray: bad --listen 'nonsense': no port (expected ADDR:PORT");
  one_line(run_sysray({"exporter", "--listen", "127.0.0.1:70000"}), 2, "sysray: bad --listen '127.0.0.1:70000': ");
  one_line(run_sysray({"exporter", "--listen", "example.com:80"}), 2, "sysray: bad --listen 'example.com:80': ");

  // A port someone else listens on.
  LoopbackListener holder;
  std::string held = "127.0.0.1:" + std::to_string(holder.port);
  one_line(run_sysray({"exporter", "--listen", held}), 1,
           "sysray: cannot listen on " + held + ": Address already in use (98)");

  // A pid that is gone: a child of ours, reaped.
  pid_t child = fork();
  if (child == 0) _exit(0);
  REQUIRE(child > 0);
  REQUIRE(waitpid(child, nullptr, 0) == child);
  one_line(run_sysray({"exporter", "--listen", "127.0.0.1:" + std::to_string(free_loopback_port()), "-p",
                       std::to_string(child)}),
           1, "sysray: no such process: " + std::to_string(child) + "\n");
  one_line(run_sysray({"exporter", "--listen", "127.0.0.1:" + std::to_string(free_loopback_port()), "--cgroup",
                       "/sys/fs/cgroup/no-such-sysray-cgroup"}),
           2, "sysray: --cgroup /sys/fs/cgroup/no-such-sysray-cgroup: ");
  one_line(run_sysray({"exporter", "--", "true"}), 2, "sysray: exporter watches running processes");
}

TEST_CASE("exporter --funcs: a tracepoint's exact count", "[exporter]") {
  CountedCalls calls(1000, 0, {"--funcs", "t:syscalls:sys_enter_getppid"});
  Exporter& exporter = calls.exporter;
  auto scrape = exporter.scrape();
  REQUIRE(scrape.ok);
  INFO(scrape.body);
  CHECK(scrape.body.find("sysray_kernel_function_calls_total{function=\"syscalls:sys_enter_getppid\"} 1000\n") !=
        std::string::npos);
  CHECK(scrape.body.find("sysray_syscalls_total{comm=\"exporter_calls\",syscall=\"getppid\"} 1000\n") !=
        std::string::npos);
  auto r = calls.finish();
  INFO(r.describe());
  CHECK(r.exit_code == 0);
  // funccount's own line about what it attached, and nothing else.
  CHECK(r.err.rfind("sysray: counting 0 functions and 1 tracepoints with tracepoint", 0) == 0);
  CHECK(split_lines(r.err).size() == 1);
}

TEST_CASE("exporter -f --funcs: the children's calls count in the function counters too",
          "[exporter]") {
  // A shell that, once the exporter is attached (the gate file), runs two getppid_loop children
  // of 500 calls each: both counters must see exactly their 1000 calls (the function programs
  // share the syscall programs' targets, which follow the forks).
  TempDir dir;
  const std::string gate = dir.file("gate"), loop = workload("getppid_loop");
  Process parent({"sh", "-c", "while [ ! -e " + gate + " ]; do sleep 0.05; done; " + loop + " 500; " +
                                  loop + " 500; sleep 60"});
  Exporter exporter({"-p", std::to_string(parent.pid()), "-f", "--funcs", "t:syscalls:sys_enter_getppid"});
  REQUIRE(exporter.wait_healthy());
  write_file(gate, "");
  const std::string syscalls = "sysray_syscalls_total{comm=\"getppid_loop\",syscall=\"getppid\"} 1000\n";
  HttpReply scrape;
  poll_until([&] {
    scrape = exporter.scrape();
    return scrape.ok && scrape.body.find(syscalls) != std::string::npos;
  }, std::chrono::seconds(20));
  INFO(scrape.body);
  CHECK(scrape.body.find(syscalls) != std::string::npos);
  CHECK(scrape.body.find("sysray_kernel_function_calls_total{function=\"syscalls:sys_enter_getppid\"} 1000\n") !=
        std::string::npos);
  parent.signal(SIGKILL);
  auto r = exporter.terminate();
  INFO(r.describe());
  CHECK(r.exit_code == 0);
}

TEST_CASE("exporter --sockets: a child's exact socket events, the failed bind by errno; promtool "
          "accepts them", "[exporter][sockets]") {
  // udp_bind_twice, forked by the -p shell once the exporter is attached: socket, bind, socket,
  // bind (EADDRINUSE), close, close.
  TempDir dir;
  const std::string gate = dir.file("gate");
  Process parent({"sh", "-c", "while [ ! -e " + gate + " ]; do sleep 0.05; done; " +
                                  workload("udp_bind_twice") + " 3221; sleep 60"});
  Exporter exporter({"-p", std::to_string(parent.pid()), "-f", "--sockets"});
  REQUIRE(exporter.wait_healthy());
  write_file(gate, "");
  const std::string closes = "sysray_socket_events_total{comm=\"udp_bind_twice\",event=\"close\",proto=\"udp\"} 2\n";
  HttpReply scrape;
  poll_until([&] {
    scrape = exporter.scrape();
    return scrape.ok && scrape.body.find(closes) != std::string::npos;
  }, std::chrono::seconds(20));
  INFO(scrape.body);
  for (const char* event : {"socket", "bind", "close"})
    CHECK(scrape.body.find(std::string("sysray_socket_events_total{comm=\"udp_bind_twice\",event=\"") + event +
                           "\",proto=\"udp\"} 2\n") != std::string::npos);
  CHECK(scrape.body.find("sysray_socket_errors_total{comm=\"udp_bind_twice\",event=\"bind\",proto=\"udp\","
                         "errno=\"EADDRINUSE\"} 1\n") != std::string::npos);
  // Nothing else of that comm: no connect, send or recv.
  size_t series = 0;
  for (const auto& line : split_lines(scrape.body))
    series += line.starts_with("sysray_socket_events_total{comm=\"udp_bind_twice\"");
  CHECK(series == 3);
  write_file(dir.file("scrape.txt"), scrape.body);
  auto promtool = run_process({"sh", "-c", "promtool check metrics < " + dir.file("scrape.txt")});
  INFO(promtool.describe());
  CHECK(promtool.exit_code == 0);
  parent.signal(SIGKILL);
  auto r = exporter.terminate();
  INFO(r.describe());
  CHECK(r.exit_code == 0);
}
