// `sysray funccount --user`: each hit's user stack with its kernel stack, unwound as trace -k
// unwinds (the frames strace -k prints for the same call). A syscall tracepoint on every
// kernel; kernel functions once per backend, or sysray's exact refusal. Ports 3211-3219.
#include <catch2/catch.hpp>

#include <algorithm>

#include "funccount_support.h"
#include "stack_support.h"

using namespace sysray::test;

namespace {

// strace -k's frames of the getppid calls of stack_calls, sorted (hits are listed by count,
// and both calls count one).
std::vector<std::vector<std::string>> strace_getppid_stacks() {
  TempDir dir;
  auto s = run_process({"strace", "-k", "-e", "trace=getppid", "-o", dir.file("strace"), workload("stack_calls")});
  REQUIRE(s.exit_code == 0);
  std::vector<std::vector<std::string>> out;
  for (auto& c : calls_with_stacks(read_file(dir.file("strace")), {"getppid"})) out.push_back(c.frames);
  std::sort(out.begin(), out.end());
  return out;
}

// The user frames of each "  N hits:" block of funccount's text, as strace's lines (" > ...").
std::vector<std::vector<std::string>> user_stacks_in_text(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  for (const auto& line : split_lines(text)) {
    if (line.starts_with("  ") && line.find(" hits:") != std::string::npos)
      out.emplace_back();
    else if (line.starts_with("     > ") && !out.empty())
      out.back().push_back(line.substr(4));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("funccount --user: a syscall tracepoint's hits with strace -k's user frames",
          "[funccount][stacks][user]") {
  auto expected = strace_getppid_stacks();
  REQUIRE(expected.size() == 2);
  SECTION("text: the user frames under the kernel's") {
    auto r = run_sysray({"funccount", "--user", "t:syscalls:sys_enter_getppid", "--", workload("stack_calls")});
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    CHECK(user_stacks_in_text(r.out) == expected);
  }
  SECTION("JSON: a user array on each stack") {
    auto r = run_sysray({"funccount", "--user", "--json", "t:syscalls:sys_enter_getppid", "--",
                         workload("stack_calls")});
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    json j = json::parse(split_lines(r.out).at(0));
    const json& f = j["functions"].at(0);
    CHECK(f["count"] == 2);
    std::vector<std::vector<std::string>> got;
    for (const auto& s : f["stacks"]) {
      CHECK(s["count"] == 1);
      CHECK_FALSE(s.contains("user_missed"));
      std::vector<std::string> frames;
      for (const auto& frame : s["user"]) frames.push_back(" > " + frame.get<std::string>());
      got.push_back(frames);
    }
    std::sort(got.begin(), got.end());
    CHECK(got == expected);
  }
  SECTION("folded: comm, the user frames from the outermost, then the kernel's") {
    auto r = run_sysray({"funccount", "--user", "--folded", "t:syscalls:sys_enter_getppid", "--",
                         workload("stack_calls")});
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    auto lines = split_lines(r.out);
    REQUIRE(lines.size() == 2);
    bool deep = false;
    for (const auto& line : lines) {
      CHECK(line.starts_with("stack_calls;_start;__libc_start_main;"));
      CHECK(line.ends_with(" 1"));
      deep |= line.find(";main;stack_outer();stack_inner();syscall") != std::string::npos;
    }
    CHECK(deep);
  }
}

TEST_CASE("funccount --user on kernel functions, per backend: tcp_v4_connect from the "
          "workload's connect", "[funccount][stacks][user]") {
  int port = 3211;
  for (const auto& b : forced_backends()) {
    DYNAMIC_SECTION("--backend " << b.flag) {
      auto r = run_sysray(concat({"funccount", "--user", "--json", "--backend", b.flag, "tcp_v4_connect"},
                                 counting_workload(port)),
                          std::chrono::seconds(120));
      if (!has_feature(b.feature)) {
        check_refused(r, 1, backend_unavailable_error(b));
        continue;
      }
      INFO(r.describe());
      REQUIRE(r.exit_code == 0);
      json j = json::parse(split_lines(r.out).at(0));
      const json& f = j["functions"].at(0);
      CHECK(f["count"] == kConnects);
      // All five connects come from one line of main: one stack, kernel and user.
      REQUIRE(f["stacks"].size() == 1);
      const json& s = f["stacks"][0];
      CHECK(s["count"] == kConnects);
      std::vector<std::string> user = s["user"];
      REQUIRE(user.size() >= 3);
      // connect or __connect: glibc's aliases of one address.
      CHECK(user[0].find("libc.so.6(") != std::string::npos);
      CHECK(user[0].find("connect+0x") != std::string::npos);
      CHECK(user[1].starts_with(workload("udp_tcp_counts") + "(main+0x"));
    }
    ++port;
  }
}

TEST_CASE("funccount --stack-size out of range is one line and exit 2", "[funccount][stacks][user][errors]") {
  auto r = run_sysray({"funccount", "--user", "--stack-size", "3000", "t:syscalls:sys_enter_getppid"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid --stack-size value '3000': must be a power of two (e.g. 8K, 32K)\n");
}
