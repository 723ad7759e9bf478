// `sysray funccount` with tracepoint patterns (every kernel), its pattern errors, -i, and what it
// says about kernel-function patterns on a kernel where no backend attaches (the development
// machines). The kernel-function backends themselves: test_funccount_backends.cpp.
// Ports 3090-3091.
#include <catch2/catch.hpp>

#include "funccount_support.h"

using namespace sysray::test;

TEST_CASE("funccount: tracepoint patterns count exactly, on every kernel", "[funccount]") {
  auto r = run_sysray({"funccount", "--json", "t:syscalls:sys_enter_getppid", "--",
                       workload("getppid_loop"), "1000"});
  FuncCounts fc = counts_of(r);
  CHECK(fc.backend == "tracepoint");
  CHECK(fc.counts == std::map<std::string, uint64_t>{{"syscalls:sys_enter_getppid", 1000}});
}

TEST_CASE("funccount: a tracepoint glob attaches every match", "[funccount]") {
  auto r = run_sysray({"funccount", "--json", "t:syscalls:sys_enter_bind*", "--",
                       workload("udp_bind_twice"), "3091"});
  FuncCounts fc = counts_of(r);
  CHECK(fc.counts.at("syscalls:sys_enter_bind") == 2);
}

TEST_CASE("funccount: tracepoint patterns matching nothing are errors naming the pattern",
          "[funccount]") {
  check_refused(run_sysray({"funccount", "t:nosuchcategory:*"}), 2,
                "sysray: no tracepoint matches 't:nosuchcategory:*'\n");
  check_refused(run_sysray({"funccount", "t:bad"}), 2,
                "sysray: invalid tracepoint pattern 't:bad': expected t:CATEGORY:EVENT\n");
}

TEST_CASE("funccount: -i prints and resets every interval; the intervals add up", "[funccount]") {
  // wait_for_signal 6 sleeps 6 times 200 ms (clock_nanosleep, each one hrtimer_nanosleep in the
  // kernel) and calls getppid after each; -o keeps its pid line out of the way. (__x64_sys_*
  // wrappers are not an option: they are notrace on the Debian kernels.)
  auto intervals_of = [](const std::vector<std::string>& patterns, const std::string& name) {
    TempDir dir;
    auto r = run_sysray(concat(concat({"funccount", "--json", "-o", dir.file("out"), "-i", "0.3"},
                                      patterns),
                               {"--", workload("wait_for_signal"), "6"}));
    INFO(r.describe());
    REQUIRE_FALSE(r.timed_out);
    REQUIRE(r.exit_code == 0);
    auto lines = split_lines(read_file(dir.file("out")));
    INFO(read_file(dir.file("out")));
    CHECK(lines.size() >= 3);
    int k = 0;
    uint64_t total = 0;
    for (const auto& line : lines) {
      FuncCounts fc = parse_funccount_line(line);
      CHECK(fc.interval == ++k);
      total += fc.counts[name];
    }
    CHECK(total == 6);  // each interval reset its counts: no call counted twice or lost
  };
  SECTION("tracepoint") {
    intervals_of({"t:syscalls:sys_enter_getppid"}, "syscalls:sys_enter_getppid");
  }
  SECTION("kernel function") {
    if (best_function_backend().empty()) {
      check_refused(run_sysray({"funccount", "-i", "0.3", "hrtimer_nanosleep"}), 1,
                    no_backend_error());
      return;
    }
    intervals_of({"hrtimer_nanosleep"}, "hrtimer_nanosleep");
  }
}

TEST_CASE("funccount: without a kernel-function backend, the exact error before anything else",
          "[funccount]") {
  if (!best_function_backend().empty()) {
    // This kernel has one: the same patterns resolve (the backends' own tests count them).
    auto r = run_sysray({"funccount", "--json", "udp_sendmsg", "--", workload("getppid_loop"), "1"});
    CHECK(counts_of(r).counts == std::map<std::string, uint64_t>{{"udp_sendmsg", 0}});
    return;
  }
  // Refused before the pattern is resolved: a pattern matching nothing gets the same answer,
  // and so does a mix with a tracepoint pattern (which alone would work).
  for (const char* pattern : {"udp_*", "udp_sendmsg", "no_such_function_sysray*"})
    check_refused(run_sysray({"funccount", pattern}), 1, no_backend_error());
  check_refused(run_sysray({"funccount", "t:syscalls:sys_enter_getppid", "udp_sendmsg"}), 1,
                no_backend_error());
  // A forced backend that is there anyway is counted in test_funccount_backends.cpp.
  for (const auto& b : forced_backends())
    if (!has_feature(b.feature))
      check_refused(run_sysray({"funccount", "--backend", b.flag, "udp_sendmsg"}), 1,
                    backend_unavailable_error(b));
}
