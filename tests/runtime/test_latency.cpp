// Latency histograms kept in the kernel: `count --latency` (exact call counts in the chart, a
// known sleep in its log2 slot) and `funclatency` (udp_sendmsg's histogram counts the
// datagrams sent, per backend; on a kernel without kprobes and fentry, sysray's exact refusal).
// Ports 3080-3089.
#include <catch2/catch.hpp>

#include <sstream>

#include "funccount_support.h"

using namespace sysray::test;

namespace {

json syscall_entry(const ProcessResult& r, const std::string& name) {
  require_clean_exit(r);
  INFO(r.describe());
  auto lines = split_lines(r.out);
  REQUIRE(lines.size() == 1);
  json s = json::parse(lines[0]);
  for (const auto& e : s["syscalls"])
    if (e["syscall"] == name) return e;
  FAIL("no " << name << " in " << s.dump());
  return nullptr;
}

uint64_t histogram_total(const json& histogram) {
  uint64_t n = 0;
  for (const auto& b : histogram) n += b["count"].get<uint64_t>();
  return n;
}

// The counts of the "LOW -> HIGH : COUNT |...|" lines of the chart under "syscall = NAME".
uint64_t chart_total(const std::string& text, const std::string& name) {
  auto at = text.find("\nsyscall = " + name + "\n");
  if (at == std::string::npos) return 0;
  std::istringstream in(text.substr(at + 1));
  std::string line;
  std::getline(in, line);  // syscall = NAME
  std::getline(in, line);  // header
  uint64_t n = 0;
  while (std::getline(in, line) && line.find(" -> ") != std::string::npos)
    n += std::stoull(line.substr(line.find(" : ") + 3));
  return n;
}

// What funclatency must say here when no backend can time functions ("" when one can).
std::string no_latency_backend_error() {
  if (!best_function_backend().empty()) return "";
  std::string why;
  for (const char* f : {"kprobe.multi", "kretprobe", "fentry", "fexit", "kprobe"})
    if (!has_feature(f)) why += (why.empty() ? "" : "; ") + std::string(f) + ": " + feature_reason(f);
  return "sysray: no backend can time kernel functions on this kernel (" + why +
         "): timing needs kprobe.multi or kprobe with kretprobe, or fentry with fexit\n";
}

}  // namespace

TEST_CASE("count --latency: getppid's histogram holds exactly its 1000 calls", "[count][latency]") {
  SECTION("--json") {
    auto r = run_sysray({"count", "--latency", "--json", "--", workload("getppid_loop"), "1000"});
    json g = syscall_entry(r, "getppid");
    INFO(g.dump());
    CHECK(g["calls"] == 1000);
    REQUIRE(g.contains("histogram"));
    CHECK(histogram_total(g["histogram"]) == 1000);
    // Slots ascend, each bound is 2^k - 1 and no call lasted longer than the last bound.
    uint64_t prev = 0;
    for (const auto& b : g["histogram"]) {
      uint64_t le = b["le_ns"];
      CHECK(le > prev);
      CHECK(((le + 1) & le) == 0);
      CHECK(b["count"].get<uint64_t>() > 0);
      prev = le;
    }
    CHECK(g["max_ns"].get<uint64_t>() <= prev);
  }
  SECTION("text: BCC's chart under the table") {
    auto r = run_sysray({"count", "--latency", "-e", "getppid", "--", workload("getppid_loop"), "1000"});
    require_clean_exit(r);
    INFO(r.describe());
    CHECK(r.out.find("     nsecs               : count    distribution\n") != std::string::npos);
    CHECK(chart_total(r.out, "getppid") == 1000);
  }
  SECTION("without --latency: no histogram") {
    json g = syscall_entry(run_sysray({"count", "--json", "--", workload("getppid_loop"), "10"}),
                           "getppid");
    CHECK(g["calls"] == 10);
    CHECK_FALSE(g.contains("histogram"));
  }
}

TEST_CASE("count --latency: five 20 ms sleeps land in the 16.8-33.6 ms slot", "[count][latency]") {
  auto r = run_sysray({"count", "--latency", "--json", "-e", "nanosleep", "--",
                       workload("sleep_loop"), "5", "20"});
  json n = syscall_entry(r, "nanosleep");
  INFO(n.dump());
  CHECK(n["calls"] == 5);
  CHECK(n["histogram"] == json::parse(R"([{"le_ns":33554431,"count":5}])"));
}

TEST_CASE("funclatency: udp_sendmsg's histogram counts every datagram, per backend",
          "[funclatency][latency]") {
  if (std::string refusal = no_latency_backend_error(); !refusal.empty()) {
    check_refused(run_sysray({"funclatency", "udp_sendmsg", "-d", "1"}), 1, refusal);
    check_refused(run_sysray({"funclatency", "--json", "udp_sendmsg", "--", workload("udp_tcp_counts")}),
                  1, refusal);
    return;
  }
  int port = 3080;
  std::vector<std::string> flags = {"auto"};
  for (const auto& b : forced_backends())
    if (has_feature(b.feature) && has_feature(b.feature == "fentry" ? "fexit" : "kretprobe"))
      flags.push_back(b.flag);
  for (const auto& flag : flags) {
    DYNAMIC_SECTION("--backend " << flag) {
      auto r = run_sysray(concat({"funclatency", "--json", "--backend", flag, "udp_sendmsg",
                                  "tcp_v4_connect"},
                                 counting_workload(port)),
                          std::chrono::seconds(120));
      INFO(r.describe());
      REQUIRE_FALSE(r.timed_out);
      REQUIRE(r.exit_code == 0);  // stderr says what matched and how it was attached
      CHECK(r.err.find("sysray: timing 2 functions with ") != std::string::npos);
      auto lines = split_lines(r.out);
      REQUIRE(lines.size() == 1);
      json j = json::parse(lines[0]);
      CHECK(j["type"] == "funclatency");
      CHECK(j["backend"] == (flag == "auto" ? best_function_backend() : flag));
      std::map<std::string, uint64_t> counts;
      for (const auto& f : j["functions"]) {
        CHECK(histogram_total(f["histogram"]) == f["count"].get<uint64_t>());
        counts[f["name"]] = f["count"];
      }
      CHECK(counts == std::map<std::string, uint64_t>{{"udp_sendmsg", kDatagrams},
                                                      {"tcp_v4_connect", kConnects}});
    }
    ++port;
  }
}

TEST_CASE("funclatency: a tracepoint pattern is bad input", "[funclatency][latency]") {
  check_refused(run_sysray({"funclatency", "t:sock:inet_sock_set_state"}), 2,
                "sysray: 't:sock:inet_sock_set_state': funclatency times kernel functions; a "
                "tracepoint has no duration (funccount counts it)\n");
}
