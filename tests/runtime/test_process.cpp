// Paths, the traced command itself (execve first, exit status), children (-f) and attaching to
// a running process (-p).
#include <catch2/catch.hpp>
#include <signal.h>
#include <unistd.h>

#include <regex>

#include "runtime_support.h"

using namespace sysray::test;


TEST_CASE("with -- CMD the first traced syscall is the command's execve", "[process]") {
  std::string path = workload("getppid_loop");
  auto r = run_sysray({"trace", "--", path, "1"});
  Trace t = clean_trace(r);
  // As in strace: the path in full, argv's strings cut at -s (32); the environment pointer
  // and the variable count are the only unknowns.
  std::string argv0 = path.size() > 32 ? "\"" + path.substr(0, 32) + "\"..." : "\"" + path + "\"";
  std::regex execve("execve\\(\"" + regex_escape(path) + "\", \\[" + regex_escape(argv0) +
                    ", \"1\"\\], 0x[0-9a-f]+ /\\* [0-9]+ vars \\*/\\) = 0");
  INFO(t.dump());
  CHECK(std::regex_match(t.lines.front().body, execve));
}

TEST_CASE("openat of an existing path and of a missing one (ENOENT)", "[files]") {
  TempDir dir;
  std::string path = dir.file("existing file.txt");
  std::string missing = dir.file("missing");
  write_file(path, "content\n");
  SECTION("text") {
    Trace t = clean_trace(run_sysray({"trace", "--", workload("open_files"), path, missing}));
    CHECK(missing_in_order(t, t.first_tid(),
                           {"openat(AT_FDCWD, \"" + path + "\", O_RDONLY) = 3",
                            "close(3) = 0",
                            "openat(AT_FDCWD, \"" + missing + "\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                            "exit_group(0) = ?"}) == "");
  }
  SECTION("JSON") {
    auto events = clean_json(run_sysray({"trace", "--json", "--", workload("open_files"), path, missing}));
    std::vector<json> ours;
    for (const auto& e : select(events, "syscall", "openat"))
      if (e["args"][1] == path || e["args"][1] == missing) ours.push_back(e);
    REQUIRE(ours.size() == 2);
    CHECK(ours[0]["args"] == json::array({"AT_FDCWD", path, "O_RDONLY"}));
    CHECK(ours[0]["ret"] == 3);
    CHECK_FALSE(ours[0].contains("errno"));
    CHECK(ours[1]["args"] == json::array({"AT_FDCWD", missing, "O_RDONLY"}));
    CHECK(ours[1]["ret"] == -1);
    CHECK(ours[1]["errno"] == "ENOENT");
    auto exits = select(events, "syscall", "exit_group");
    REQUIRE(exits.size() == 1);
    CHECK(exits[0]["ret"].is_null());
    CHECK_FALSE(exits[0].contains("dur_ns"));
  }
}

TEST_CASE("trace -f follows a forked child; without -f the child is not traced", "[process][fork]") {
  // A missing path unique to this run, so that no other process's openat can match it.
  TempDir dir;
  const std::string child_path = dir.file("fork-child");
  const std::string child_open_call = "openat(AT_FDCWD, \"" + child_path + "\", O_RDONLY";
  const std::string child_open_result = ") = -1 ENOENT (No such file or directory)";
  const std::string child_open = child_open_call + child_open_result;
  // glibc's fork() as strace 6.1 shows it; the child's pid is what it returns.
  auto clone_re = [](const std::string& ret) {
    return std::regex(
        R"(clone\(child_stack=NULL, flags=CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD, child_tidptr=0x[0-9a-f]+\) = )" +
        ret);
  };

  SECTION("with -f") {
    Trace t = clean_trace(run_sysray({"trace", "-f", "--", workload("fork_child"), child_path}));
    INFO(t.dump());
    pid_t parent = t.first_tid();
    // The child: known by the path only it opens. Its openat may be shown whole, or split
    // around the parent's wait4 when it was switched out while the parent entered wait4
    // (seen under QEMU), as strace would show it.
    auto child_lines = matching(t, std::regex(regex_escape(child_open_call) + "(" + regex_escape(child_open_result) +
                                              "| <unfinished \\.\\.\\.>)"));
    REQUIRE(child_lines.size() == 1);
    pid_t child = child_lines[0].tid;
    std::string c = std::to_string(child);
    CHECK(child != parent);
    std::vector<std::string> expected = {child_lines[0].body};
    if (child_lines[0].body != child_open) expected.push_back("<... openat resumed>" + child_open_result);
    expected.push_back("getppid() = " + std::to_string(parent));
    expected.push_back("exit_group(0) = ?");
    CHECK(missing_in_order(t, child, expected) == "");
    // Nothing else: the parent's and the child's lines only.
    for (const auto& l : t.lines) CHECK((l.tid == parent || l.tid == child));
    // The parent's fork and wait4 (whole, or unfinished + resumed), decoded like strace.
    CHECK(matching(t, clone_re(c)).size() == 1);
    std::string status = "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = " + c;
    bool whole = t.count(parent, "wait4(" + c + ", " + status) == 1;
    bool split = t.count(parent, "wait4(" + c + ",  <unfinished ...>") == 1 &&
                 t.count(parent, "<... wait4 resumed>" + status) == 1;
    CHECK((whole || split));
  }
  SECTION("without -f") {
    Trace t = clean_trace(run_sysray({"trace", "--", workload("fork_child"), child_path}));
    INFO(t.dump());
    pid_t parent = t.first_tid();
    for (const auto& l : t.lines) {
      CHECK(l.tid == parent);
      CHECK(l.body.rfind(child_open_call, 0) != 0);  // no openat of the child's path, whole or split
    }
    CHECK(matching(t, clone_re("[0-9]+")).size() == 1);
  }
}

TEST_CASE("trace -p attaches to a running process", "[process][attach]") {
  const std::string getppid_line = "getppid() = " + std::to_string(getpid());
  auto count_getppid = [&](const std::string& out, pid_t tid) { return parse_trace(out).count(tid, getppid_line); };

  // wait_for_signal prints its pid, then calls getppid() every 100 ms until SIGTERM.
  Process target({workload("wait_for_signal"), "100000", "100"});
  REQUIRE(target.wait_until([](const Process& p) { return p.out().find('\n') != std::string::npos; },
                            scaled(std::chrono::seconds(10))));
  pid_t pid = static_cast<pid_t>(std::stol(target.out()));
  REQUIRE(pid == target.pid());

  Process tracer({sysray_bin(), "trace", "-p", std::to_string(pid), "-e", "getppid"});
  bool seen = tracer.wait_until([&](const Process& p) { return count_getppid(p.out(), pid) >= 3; },
                                scaled(std::chrono::seconds(30)));
  target.signal(SIGTERM);
  ProcessResult target_result = target.wait(scaled(std::chrono::seconds(10)));
  // Like strace -p, sysray ends by itself when the traced process is gone.
  ProcessResult r = tracer.wait(scaled(std::chrono::seconds(10)));
  INFO(r.describe());
  CHECK(seen);
  CHECK(target_result.exit_code == 0);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  Trace t = parse_trace(r.out);
  CHECK(t.malformed.empty());
  CHECK(t.lines.size() >= 3);
  // -e getppid: nothing but the target's getppid calls.
  for (const auto& l : t.lines) {
    CHECK(l.tid == pid);
    CHECK(l.body == getppid_line);
  }
}

TEST_CASE("trace -p with two pids attaches to both processes", "[process][attach]") {
  const std::string getppid_line = "getppid() = " + std::to_string(getpid());
  Process a({workload("wait_for_signal"), "100000", "100"});
  Process b({workload("wait_for_signal"), "100000", "100"});
  auto has_pid_line = [](const Process& p) { return p.out().find('\n') != std::string::npos; };
  REQUIRE(a.wait_until(has_pid_line, scaled(std::chrono::seconds(10))));
  REQUIRE(b.wait_until(has_pid_line, scaled(std::chrono::seconds(10))));

  Process tracer({sysray_bin(), "trace", "-p", std::to_string(a.pid()) + "," + std::to_string(b.pid()), "-e",
                  "getppid"});
  bool seen = tracer.wait_until(
      [&](const Process& p) {
        Trace t = parse_trace(p.out());
        return t.count(a.pid(), getppid_line) >= 2 && t.count(b.pid(), getppid_line) >= 2;
      },
      scaled(std::chrono::seconds(30)));
  a.signal(SIGTERM);
  b.signal(SIGTERM);
  a.wait(scaled(std::chrono::seconds(10)));
  b.wait(scaled(std::chrono::seconds(10)));
  ProcessResult r = tracer.wait(scaled(std::chrono::seconds(10)));
  INFO(r.describe());
  CHECK(seen);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  for (const auto& l : parse_trace(r.out).lines) CHECK((l.tid == a.pid() || l.tid == b.pid()));
}

TEST_CASE("sysray exits with the traced command's exit status", "[process]") {
  for (const char* cmd : {"trace", "count"}) {
    DYNAMIC_SECTION(cmd << " -- sh -c 'exit 7'") {
      auto r = run_sysray({cmd, "--", "sh", "-c", "exit 7"});
      INFO(r.describe());
      CHECK_FALSE(r.timed_out);
      CHECK(r.exit_code == 7);
      CHECK(r.err == "");
    }
  }
  SECTION("trace -- true") {
    auto r = run_sysray({"trace", "--", "true"});
    INFO(r.describe());
    CHECK(r.exit_code == 0);
  }
}
