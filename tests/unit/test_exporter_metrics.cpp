// `sysray exporter`'s rendering: the exact exposition text for known counts, cumulative
// histogram buckets from log2 slots, label escaping and UTF-8, the --max-series cap, and
// --listen's parsing. No kernel: the snapshot is built by hand.
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "exporter/function_metrics.h"
#include "exporter/listen_address.h"
#include "exporter/metrics_text.h"
#include "exporter/process_stats.h"
#include "exporter/series_limiter.h"
#include "exporter/syscall_metrics.h"
#include "util/user_error.h"

using namespace sysray;
using namespace sysray::exporter;

namespace {

SyscallSnapshot counts_snapshot() {
  SyscallSnapshot s;
  // Not in label order, as a hash walk returns them.
  s.calls = {{"cat", "read", 0, 5},
             {"app", "openat", 2, 37},
             {"app", "getppid", 0, 1000},
             {"app", "openat", 0, 3}};
  return s;
}

std::vector<MetricFamily> named(const std::vector<MetricFamily>& all,
                                std::initializer_list<std::string> names) {
  std::vector<MetricFamily> out;
  for (const auto& name : names)
    for (const auto& f : all)
      if (f.name == name) out.push_back(f);
  return out;
}

const Sample* find_sample(const MetricFamily& f, const std::string& suffix, const std::string& le) {
  for (const auto& s : f.samples) {
    if (s.suffix != suffix) continue;
    bool has_le = false;
    for (const auto& l : s.labels)
      if (l.name == "le") has_le = l.value == le;
    if (le.empty() || has_le) return &s;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("exporter: calls and errors per comm in the text format 0.0.4", "[exporter]") {
  SeriesLimiter limiter(100);
  auto families = syscall_families(counts_snapshot(), limiter);
  CHECK(render(named(families, {"sysray_syscalls", "sysray_syscall_errors", "sysray_series_folded"}),
               ExpositionFormat::Text) ==
        "# HELP sysray_syscalls_total Syscalls completed (or exit calls entered), per comm and syscall\n"
        "# TYPE sysray_syscalls_total counter\n"
        "sysray_syscalls_total{comm=\"app\",syscall=\"getppid\"} 1000\n"
        "sysray_syscalls_total{comm=\"app\",syscall=\"openat\"} 40\n"
        "sysray_syscalls_total{comm=\"cat\",syscall=\"read\"} 5\n"
        "# HELP sysray_syscall_errors_total Syscalls that returned an error, per comm, syscall and errno\n"
        "# TYPE sysray_syscall_errors_total counter\n"
        "sysray_syscall_errors_total{comm=\"app\",syscall=\"openat\",errno=\"ENOENT\"} 37\n"
        "# HELP sysray_series_folded_total Distinct label sets folded into the comm other by --max-series\n"
        "# TYPE sysray_series_folded_total counter\n"
        "sysray_series_folded_total 0\n");
}

TEST_CASE("exporter: OpenMetrics names counter families without _total and ends with # EOF",
          "[exporter]") {
  SeriesLimiter limiter(100);
  auto families = syscall_families(counts_snapshot(), limiter);
  CHECK(render(named(families, {"sysray_syscall_errors"}), ExpositionFormat::OpenMetrics) ==
        "# HELP sysray_syscall_errors Syscalls that returned an error, per comm, syscall and errno\n"
        "# TYPE sysray_syscall_errors counter\n"
        "sysray_syscall_errors_total{comm=\"app\",syscall=\"openat\",errno=\"ENOENT\"} 37\n"
        "# EOF\n");
  CHECK(render({}, ExpositionFormat::OpenMetrics) == "# EOF\n");
  CHECK(render({}, ExpositionFormat::Text).empty());
}

TEST_CASE("exporter: the Accept header chooses the format", "[exporter]") {
  // What Prometheus 2.42 sends: it prefers OpenMetrics.
  CHECK(negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                  "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1") ==
        ExpositionFormat::OpenMetrics);
  CHECK(negotiate("") == ExpositionFormat::Text);
  CHECK(negotiate("*/*") == ExpositionFormat::Text);
  CHECK(std::string(content_type(ExpositionFormat::Text)) == "text/plain; version=0.0.4; charset=utf-8");
}

TEST_CASE("exporter: duration histogram buckets are cumulative log2 slots", "[exporter]") {
  SyscallSnapshot s;
  LatencyHistogram h;
  h.slots[0] = 2;     // 0-1 ns: below the first bucket, counted in it
  h.slots[8] = 600;   // 256-511 ns: also below
  h.slots[10] = 400;  // 1024-2047 ns
  h.slots[40] = 1;    // 2^40 ns, past the last bucket: only in +Inf
  s.durations = {{"getppid", h, 1'500'000'000}};
  SeriesLimiter limiter(10);
  auto f = named(syscall_families(s, limiter), {"sysray_syscall_duration_seconds"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].type == MetricType::Histogram);
  // 25 bounded buckets, +Inf, _sum and _count.
  CHECK(f[0].samples.size() == static_cast<size_t>(kLastBucketSlot - kFirstBucketSlot + 1) + 3);
  double prev = -1;
  for (const auto& sample : f[0].samples)
    if (sample.suffix == "_bucket") {
      CHECK(sample.value >= prev);  // cumulative: never decreasing
      prev = sample.value;
    }
  REQUIRE(find_sample(f[0], "_bucket", "1.023e-06"));
  CHECK(find_sample(f[0], "_bucket", "1.023e-06")->value == 602);
  REQUIRE(find_sample(f[0], "_bucket", "2.047e-06"));
  CHECK(find_sample(f[0], "_bucket", "2.047e-06")->value == 1002);
  REQUIRE(find_sample(f[0], "_bucket", "17.179869183"));
  CHECK(find_sample(f[0], "_bucket", "17.179869183")->value == 1002);
  CHECK(find_sample(f[0], "_bucket", "+Inf")->value == 1003);
  CHECK(find_sample(f[0], "_count", "")->value == 1003);
  CHECK(find_sample(f[0], "_sum", "")->value == 1.5);

  std::string text = render(f, ExpositionFormat::Text);
  CHECK(text.find("# TYPE sysray_syscall_duration_seconds histogram\n") != std::string::npos);
  CHECK(text.find("sysray_syscall_duration_seconds_bucket{syscall=\"getppid\",le=\"1.023e-06\"} 602\n") !=
        std::string::npos);
  CHECK(text.find("sysray_syscall_duration_seconds_bucket{syscall=\"getppid\",le=\"+Inf\"} 1003\n") !=
        std::string::npos);
  CHECK(text.find("sysray_syscall_duration_seconds_sum{syscall=\"getppid\"} 1.5\n") != std::string::npos);
  CHECK(text.find("sysray_syscall_duration_seconds_count{syscall=\"getppid\"} 1003\n") != std::string::npos);
}

TEST_CASE("exporter: label values are escaped and made UTF-8", "[exporter]") {
  CHECK(escape_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  CHECK(escape_label_value("plain") == "plain");
  CHECK(sanitize_utf8("ok\xff") == "ok?");
  CHECK(sanitize_utf8("caf\xc3\xa9") == "caf\xc3\xa9");      // é stays
  CHECK(sanitize_utf8("cut\xe2\x82") == "cut??");            // € cut by the 15-byte comm
  CHECK(sanitize_utf8("tab\there") == "tab?here");
  CHECK(sanitize_utf8("\xc0\xaf") == "??");                  // overlong '/'
  CHECK(sanitize_utf8("\xed\xa0\x80") == "???");             // a surrogate

  SyscallSnapshot s;
  // Two raw comms that read the same once sanitized are one series, not two.
  s.calls = {{"x\xff", "read", 0, 1}, {"x\xfe", "read", 0, 2}, {"q\"\\", "write", 0, 4}};
  SeriesLimiter limiter(100);
  std::string text = render(named(syscall_families(s, limiter), {"sysray_syscalls"}), ExpositionFormat::Text);
  CHECK(text.find("sysray_syscalls_total{comm=\"x?\",syscall=\"read\"} 3\n") != std::string::npos);
  CHECK(text.find("sysray_syscalls_total{comm=\"q\\\"\\\\\",syscall=\"write\"} 4\n") != std::string::npos);
}

TEST_CASE("exporter: values print as Prometheus reads them", "[exporter]") {
  CHECK(format_value(0) == "0");
  CHECK(format_value(1000) == "1000");
  CHECK(format_value(18446744073709551615.0) == "1.8446744073709552e+19");
  CHECK(format_value(0.25) == "0.25");
  CHECK(format_value(std::numeric_limits<double>::infinity()) == "+Inf");
}

TEST_CASE("exporter: --max-series folds later series into comm other, for good", "[exporter]") {
  SeriesLimiter limiter(2);
  SyscallSnapshot s = counts_snapshot();
  auto text = [&](const SyscallSnapshot& snap) {
    return render(named(syscall_families(snap, limiter),
                        {"sysray_syscalls", "sysray_syscall_errors", "sysray_series_folded"}),
                  ExpositionFormat::Text);
  };
  // In label order: calls{app,getppid} and calls{app,openat} are admitted; errors{app,openat,
  // ENOENT} and calls{cat,read} are folded.
  std::string first = text(s);
  CHECK(first.find("sysray_syscalls_total{comm=\"app\",syscall=\"getppid\"} 1000\n") != std::string::npos);
  CHECK(first.find("sysray_syscalls_total{comm=\"app\",syscall=\"openat\"} 40\n") != std::string::npos);
  CHECK(first.find("sysray_syscalls_total{comm=\"other\",syscall=\"read\"} 5\n") != std::string::npos);
  CHECK(first.find("comm=\"cat\"") == std::string::npos);
  CHECK(first.find("sysray_syscall_errors_total{comm=\"other\",syscall=\"openat\",errno=\"ENOENT\"} 37\n") !=
        std::string::npos);
  CHECK(first.find("sysray_series_folded_total 2\n") != std::string::npos);
  CHECK(limiter.admitted() == 2);

  // A new comm sorting before "app" later on cannot take an admitted series' place.
  s.calls.push_back({"aaa", "read", 0, 7});
  s.calls.push_back({"cat", "read", 0, 1});  // the same key again: summed
  std::string second = text(s);
  CHECK(second.find("sysray_syscalls_total{comm=\"app\",syscall=\"getppid\"} 1000\n") != std::string::npos);
  CHECK(second.find("sysray_syscalls_total{comm=\"other\",syscall=\"read\"} 13\n") != std::string::npos);
  CHECK(second.find("comm=\"aaa\"") == std::string::npos);
  CHECK(second.find("sysray_series_folded_total 3\n") != std::string::npos);

  // Calls the kernel hash had no room for: under other, errno other.
  SyscallSnapshot full;
  full.unattributed = {{"openat", 10, 4}};
  std::string third = text(full);
  CHECK(third.find("sysray_syscalls_total{comm=\"other\",syscall=\"openat\"} 10\n") != std::string::npos);
  CHECK(third.find("sysray_syscall_errors_total{comm=\"other\",syscall=\"openat\",errno=\"other\"} 4\n") !=
        std::string::npos);
}

TEST_CASE("exporter: a fork bomb of comms keeps the series bounded", "[exporter]") {
  SeriesLimiter limiter(50);
  SyscallSnapshot s;
  for (int i = 0; i < 5000; ++i) s.calls.push_back({"w" + std::to_string(i), "getppid", 0, 1});
  auto f = named(syscall_families(s, limiter), {"sysray_syscalls"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].samples.size() == 51);  // 50 of their own, one other
  double total = 0;
  for (const auto& sample : f[0].samples) total += sample.value;
  CHECK(total == 5000);  // nothing lost in folding
  CHECK(limiter.folded() == 4950);
}

TEST_CASE("exporter: errno labels", "[exporter]") {
  CHECK(errno_label_value(2) == "ENOENT");
  CHECK(errno_label_value(98) == "EADDRINUSE");
  CHECK(errno_label_value(4000) == "4000");
}

TEST_CASE("exporter: --listen ADDR:PORT", "[exporter]") {
  CHECK(parse_listen_address("127.0.0.1:9464").host == "127.0.0.1");
  CHECK(parse_listen_address("127.0.0.1:9464").port == 9464);
  CHECK(parse_listen_address("[::1]:80").host == "::1");
  CHECK(parse_listen_address("[::1]:80").text() == "[::1]:80");
  CHECK(parse_listen_address("localhost:1").text() == "127.0.0.1:1");
  CHECK(parse_listen_address("0.0.0.0:65535").port == 65535);
  for (const char* bad : {"", "9464", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
                          "127.0.0.1:94x", "example.com:80", "::1:80", "300.1.1.1:80", ":80"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_listen_address(bad), UserError);
  }
  try {
    parse_listen_address("nonsense");
    FAIL("no error");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()) ==
          "bad --listen 'nonsense': no port (expected ADDR:PORT, e.g. 127.0.0.1:9464 or [::1]:9464)");
    CHECK(e.exit_code() == kExitBadInput);
  }
}

TEST_CASE("exporter: /proc/PID/statm in bytes", "[exporter]") {
  auto s = parse_statm("2500 300 100 10 0 400 0\n", 4096);
  REQUIRE(s);
  CHECK(s->virtual_bytes == 2500u * 4096);
  CHECK(s->resident_bytes == 300u * 4096);
  CHECK_FALSE(parse_statm("", 4096));
  auto self = read_self_stats();
  CHECK(self.resident_bytes > 0);
  auto f = process_families(self);
  CHECK(render(f, ExpositionFormat::Text).find("# TYPE sysray_process_cpu_seconds_total counter\n") !=
        std::string::npos);
}

TEST_CASE("exporter: --funcs counts by function name", "[exporter]") {
  auto f = kernel_function_family(
      {{"udp_sendmsg", 12, std::nullopt}, {"syscalls:sys_enter_getppid", 1000, std::nullopt}});
  CHECK(render({f}, ExpositionFormat::Text) ==
        "# HELP sysray_kernel_function_calls_total Calls of the kernel functions and tracepoints --funcs matched\n"
        "# TYPE sysray_kernel_function_calls_total counter\n"
        "sysray_kernel_function_calls_total{function=\"syscalls:sys_enter_getppid\"} 1000\n"
        "sysray_kernel_function_calls_total{function=\"udp_sendmsg\"} 12\n");
}
