// `sysray funccount`: exact counts per backend where the kernel has it (the QEMU kernels), the
// exact error where it does not (the development machines), and tracepoint patterns everywhere.
// Ports 3090-3099.
#include <catch2/catch.hpp>

#include <regex>

#include "runtime_support.h"

using namespace sysray::test;

namespace {

bool has_feature(const std::string& name) {
  return kernel_features_json()["features"][name]["available"];
}
std::string feature_reason(const std::string& name) {
  return kernel_features_json()["features"][name].value("reason", "");
}

// The funccount JSON object of a successful run, and each function's count by name.
std::map<std::string, uint64_t> counts_of(const ProcessResult& r, std::string* backend = nullptr) {
  INFO(r.describe());
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.exit_code == 0);
  auto lines = split_lines(r.out);
  REQUIRE(lines.size() == 1);
  json j = json::parse(lines[0]);
  CHECK(j["type"] == "funccount");
  CHECK(j["lost"] == 0);
  if (backend) *backend = j["backend"];
  std::map<std::string, uint64_t> counts;
  for (const auto& f : j["functions"]) counts[f["name"]] = f["count"];
  return counts;
}

constexpr int kDatagrams = 37;
constexpr int kConnects = 5;

std::vector<std::string> counting_workload(int port) {
  return {"--", workload("udp_tcp_counts"), std::to_string(kDatagrams), std::to_string(kConnects),
          std::to_string(port)};
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("funccount: tracepoint patterns count exactly, on every kernel", "[funccount]") {
  auto r = run_sysray({"funccount", "--json", "t:syscalls:sys_enter_getppid", "--",
                       workload("getppid_loop"), "1000"});
  std::string backend;
  auto counts = counts_of(r, &backend);
  CHECK(backend == "tracepoint");
  CHECK(counts == std::map<std::string, uint64_t>{{"syscalls:sys_enter_getppid", 1000}});
}

TEST_CASE("funccount: a tracepoint glob attaches every match", "[funccount]") {
  auto r = run_sysray({"funccount", "--json", "t:syscalls:sys_enter_bind*", "--",
                       workload("udp_bind_twice"), "3091"});
  auto counts = counts_of(r);
  CHECK(counts.at("syscalls:sys_enter_bind") == 2);
}

TEST_CASE("funccount: patterns matching nothing are errors naming the pattern", "[funccount]") {
  auto r = run_sysray({"funccount", "t:nosuchcategory:*"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: no tracepoint matches 't:nosuchcategory:*'\n");
  r = run_sysray({"funccount", "t:bad"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid tracepoint pattern 't:bad': expected t:CATEGORY:EVENT\n");
}

TEST_CASE("funccount: -i prints and resets every interval", "[funccount]") {
  // -o: the workload prints its pid on the shared stdout.
  TempDir dir;
  auto r = run_sysray({"funccount", "--json", "-o", dir.file("out"), "-i", "0.3",
                       "t:syscalls:sys_enter_getppid", "--", workload("wait_for_signal"), "6"});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  auto lines = split_lines(read_file(dir.file("out")));
  REQUIRE(lines.size() >= 3);
  int k = 0;
  for (const auto& line : lines) {
    json j = json::parse(line);
    CHECK(j["type"] == "funccount");
    CHECK(j["interval"] == ++k);
  }
}

TEST_CASE("funccount: kernel functions, once per backend", "[funccount]") {
  struct Backend {
    std::string flag, feature;
  };
  const Backend backends[] = {{"kprobe-multi", "kprobe.multi"}, {"fentry", "fentry"},
                              {"kprobe", "kprobe"}};
  int port = 3092;
  for (const auto& b : backends) {
    DYNAMIC_SECTION("--backend " << b.flag) {
      auto args = concat({"funccount", "--json", "--backend", b.flag, "udp_sendmsg",
                          "tcp_v4_connect"},
                         counting_workload(port++));
      auto r = run_sysray(args, std::chrono::seconds(120));
      if (!has_feature(b.feature)) {
        // This kernel lacks it: the exact refusal, not a silent skip.
        CHECK(r.exit_code == 1);
        CHECK(r.err == "sysray: --backend " + b.flag + " is not available on this kernel (" +
                           b.feature + ": " + feature_reason(b.feature) + ")\n");
        continue;
      }
      std::string backend;
      auto counts = counts_of(r, &backend);
      CHECK(backend == b.flag);
      CHECK(counts == std::map<std::string, uint64_t>{{"udp_sendmsg", kDatagrams},
                                                      {"tcp_v4_connect", kConnects}});
    }
  }
}

TEST_CASE("funccount: auto picks the best backend, or says exactly why none", "[funccount]") {
  std::string best = has_feature("kprobe.multi") ? "kprobe-multi"
                     : has_feature("fentry")     ? "fentry"
                     : has_feature("kprobe")     ? "kprobe"
                                                 : "";
  auto r = run_sysray(concat({"funccount", "--json", "udp_*"}, counting_workload(3096)),
                      std::chrono::seconds(120));
  if (best.empty()) {
    CHECK(r.exit_code == 1);
    CHECK(r.err == "sysray: no backend can attach kernel functions on this kernel (kprobe.multi: " +
                       feature_reason("kprobe.multi") + "; fentry: " + feature_reason("fentry") +
                       "; kprobe: " + feature_reason("kprobe") +
                       "); tracepoint patterns such as 't:sock:*' or "
                       "'t:syscalls:sys_enter_bind' work here\n");
    return;
  }
  std::string backend;
  auto counts = counts_of(r, &backend);
  CHECK(backend == best);
  CHECK(counts.size() > 20);  // 'udp_*' attaches to more than 20 functions
  CHECK(counts.at("udp_sendmsg") == kDatagrams);
  std::smatch m;
  REQUIRE(std::regex_search(r.err, m, std::regex("counting (\\d+) functions")));
  CHECK(std::stoi(m[1]) == int(counts.size()));
}

TEST_CASE("funccount: a function that exists but cannot be traced", "[funccount]") {
  if (!has_feature("kprobe") && !has_feature("fentry")) {
    auto r = run_sysray({"funccount", "udp_sendmsg"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.rfind("sysray: no backend can attach kernel functions on this kernel (", 0) == 0);
    return;
  }
  // Compiler clones such as "udp_*.isra.0"/".cold" exist in kallsyms but cannot be attached
  // by name; the kernel's own notrace functions are not in available_filter_functions.
  auto r = run_sysray({"funccount", "native_sched_clock"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "sysray: 'native_sched_clock' matches 1 functions but none can be traced "
        "(native_sched_clock: notrace (not in available_filter_functions))\n");
}
