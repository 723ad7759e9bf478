// `sysray funccount` on kernel functions, once per backend (forced with --backend, and auto):
// exact counts of udp_sendmsg and tcp_v4_connect for a command (--) and for a running process
// (-p), a glob attaching to many functions, a pattern matching nothing, and a function that
// exists but cannot be traced. Each case branches on what `sysray features --json` reports: where
// a backend is missing, the case asserts sysray's exact refusal instead (never a silent skip).
// The Debian kernels the VM tier boots are pinned in "the feature probe agrees with the known
// kernels", so that a broken probe cannot turn these counts into refusals unnoticed.
// Ports 3092-3109.
#include <catch2/catch.hpp>
#include <signal.h>

#include <cstdlib>
#include <regex>

#include "funccount_support.h"

using namespace sysray::test;

namespace {

// --backend FLAG, or auto (then `feature` is empty and the best backend is expected).
struct Case {
  std::string flag, feature;
};

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const auto& b : forced_backends()) cases.push_back({b.flag, b.feature});
  cases.push_back({"auto", ""});
  return cases;
}

// The error this case must give here, or "" when it must work.
std::string expected_refusal(const Case& c) {
  if (c.feature.empty()) return best_function_backend().empty() ? no_backend_error() : "";
  for (const auto& b : forced_backends())
    if (b.flag == c.flag && !has_feature(b.feature)) return backend_unavailable_error(b);
  return "";
}

std::string expected_backend(const Case& c) {
  return c.feature.empty() ? best_function_backend() : c.flag;
}

// funccount -p on a udp_tcp_counts that waits for SIGUSR1 until sysray has attached.
ProcessResult count_running_process(const Case& c, int port) {
  Process target({workload("udp_tcp_counts"), std::to_string(kDatagrams),
                  std::to_string(kConnects), std::to_string(port), "wait"});
  REQUIRE(wait_ready(target));
  Process counter({sysray_bin(), "funccount", "--json", "--backend", c.flag, "-p",
                   std::to_string(target.pid()), "udp_sendmsg", "tcp_v4_connect"});
  // sysray says "counting N functions ..." once every probe is attached; a refusal ends it.
  auto said_counting = [](const Process& p) {
    return p.err().find("sysray: counting ") != std::string::npos;
  };
  bool attached = counter.wait_until(
      [&](const Process& p) { return said_counting(p) || p.output_closed(); },
      scaled(std::chrono::seconds(60))) && said_counting(counter);
  target.signal(SIGUSR1);
  ProcessResult t = target.wait(scaled(std::chrono::seconds(30)));
  INFO(t.describe());
  CHECK(t.exit_code == 0);
  // Like `trace -p`, funccount ends by itself when the process is gone.
  ProcessResult r = counter.wait(scaled(std::chrono::seconds(30)));
  if (expected_refusal(c).empty()) {
    INFO(r.describe());
    CHECK(attached);
  }
  return r;
}

}  // namespace

TEST_CASE("funccount: the feature probe agrees with the known kernels", "[funccount][vm]") {
  // The Debian cloud kernels scripts/vmtest.sh boots: kprobes, fentry and BTF in both;
  // kprobe.multi needs CONFIG_FPROBE, which Debian enables from 6.12 on.
  struct Known {
    std::string release_prefix;
    bool kprobe_multi;
  };
  const Known known[] = {{"6.1.", false}, {"6.12.", true}};
  std::string release = kernel_features_json().value("kernel", "");
  bool debian_cloud = release.find("-cloud-amd64") != std::string::npos;
  for (const auto& k : known) {
    if (!debian_cloud || release.rfind(k.release_prefix, 0) != 0) continue;
    INFO(kernel_features_json().dump(2));
    CHECK(has_feature("kprobe"));
    CHECK(has_feature("kretprobe"));
    CHECK(has_feature("fentry"));
    CHECK(has_feature("fexit"));
    CHECK(has_feature("kprobe.multi") == k.kprobe_multi);
    return;
  }
  WARN("no pinned expectations for kernel " << release << ": the other cases follow its probe");
}

TEST_CASE("funccount: exact counts for a command, per backend", "[funccount]") {
  int port = 3092;
  for (const auto& c : all_cases()) {
    DYNAMIC_SECTION("--backend " << c.flag) {
      // 'udp_*' and tcp_v4_connect together: one run checks the glob's size and both counts.
      auto r = run_sysray(concat({"funccount", "--json", "--backend", c.flag, "udp_*",
                                  "tcp_v4_connect"},
                                 counting_workload(port)),
                          std::chrono::seconds(120));
      if (std::string refusal = expected_refusal(c); !refusal.empty()) {
        check_refused(r, 1, refusal);
        continue;
      }
      FuncCounts fc = counts_of(r);
      INFO(r.describe());
      CHECK(fc.backend == expected_backend(c));
      CHECK(fc.counts.size() > 20);  // 'udp_*' attaches to more than 20 functions
      CHECK(fc.counts.at("udp_sendmsg") == kDatagrams);
      CHECK(fc.counts.at("tcp_v4_connect") == kConnects);
      CHECK(functions_counted(r.err) == int(fc.counts.size()));
      // A probe the kernel refuses (fentry on 6.1: udp_lib_setsockopt, ENOTSUPP: more argument
      // registers than its trampolines handle) is said on stderr and left out of the counts.
      std::regex refused("^sysray: could not attach ([^ :]+): ");
      for (const auto& line : split_lines(r.err))
        if (std::smatch m; std::regex_search(line, m, refused)) CHECK(fc.counts.count(m[1]) == 0);
    }
    ++port;
  }
}

TEST_CASE("funccount -p: exact counts for a running process, per backend", "[funccount]") {
  int port = 3096;
  for (const auto& c : all_cases()) {
    DYNAMIC_SECTION("--backend " << c.flag) {
      ProcessResult r = count_running_process(c, port);
      if (std::string refusal = expected_refusal(c); !refusal.empty()) {
        check_refused(r, 1, refusal);
        continue;
      }
      FuncCounts fc = counts_of(r);
      CHECK(fc.backend == expected_backend(c));
      CHECK(fc.counts == std::map<std::string, uint64_t>{{"udp_sendmsg", kDatagrams},
                                                      {"tcp_v4_connect", kConnects}});
    }
    ++port;
  }
}

TEST_CASE("funccount: a function pattern matching nothing is an error naming it", "[funccount]") {
  auto r = run_sysray({"funccount", "no_such_function_sysray*"});
  if (best_function_backend().empty()) {
    check_refused(r, 1, no_backend_error());
    return;
  }
  check_refused(r, 2, "sysray: no kernel function matches 'no_such_function_sysray*'\n");
}

TEST_CASE("funccount: a function that exists but cannot be traced", "[funccount]") {
  // native_sched_clock is in kallsyms but notrace (the clock ftrace itself reads), so it is not
  // in available_filter_functions; compiler clones ("udp_*.isra.0") exist but have no BTF/ftrace
  // entry by that name.
  auto r = run_sysray({"funccount", "native_sched_clock"});
  if (best_function_backend().empty()) {
    check_refused(r, 1, no_backend_error());
    return;
  }
  check_refused(r, 2,
                "sysray: 'native_sched_clock' matches 1 functions but none can be traced "
                "(native_sched_clock: notrace (not in available_filter_functions))\n");
}

TEST_CASE("funccount -v: every skipped match is reported with its reason", "[funccount]") {
  auto r = run_sysray({"funccount", "-v", "--json", "udp_*", "--", workload("getppid_loop"), "1"},
                      std::chrono::seconds(120));
  if (best_function_backend().empty()) {
    check_refused(r, 1, no_backend_error());
    return;
  }
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  // "sysray: 'udp_*' matched T functions (SOURCE): A traceable[, N REASON]..."
  std::smatch m;
  REQUIRE(std::regex_search(r.err, m,
                            std::regex("'udp_\\*' matched (\\d+) functions \\([^)]*\\): (\\d+) "
                                       "traceable((, \\d+ [^,\\n]+)*)\n")));
  int matched = std::stoi(m[1]), traceable = std::stoi(m[2]);
  // Each traceable one is counted, or the kernel refused its probe and sysray said so.
  int refused = 0;
  for (const auto& line : split_lines(r.err))
    refused += line.rfind("sysray: could not attach ", 0) == 0;
  CHECK(traceable == functions_counted(r.err) + refused);
  // One "sysray: info: skipping NAME: REASON" line per skipped match, each with one of the known reasons.
  std::regex skip_line("skipping udp_[^ :]*: (compiler clone \\(not attachable by name\\)|"
                       "inlined \\(in BTF, no symbol\\)|notrace \\(not in "
                       "available_filter_functions\\)|no BTF entry \\(assembly or notrace\\)|"
                       "no BTF entry \\(fentry needs one\\))");
  int skipped = 0;
  for (const auto& line : split_lines(r.err))
    if (line.rfind("sysray: info: skipping ", 0) == 0) {
      INFO(line);
      CHECK(std::regex_search(line, skip_line));
      ++skipped;
    }
  CHECK(skipped == matched - traceable);
}
