// Paths, the traced command itself (execve first, exit status), children (-f) and attaching to
// a running process (-p).
#include <catch2/catch.hpp>
#include <signal.h>
#include <unistd.h>

#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "runtime_support.h"

using namespace sysray::test;
using Lines = std::vector<std::string>;

namespace {

// Ends a wait_for_signal target with SIGTERM, then waits for the tracer attached to it (-p),
// which ends by itself once its target is gone. Returns both results.
std::pair<ProcessResult, ProcessResult> stop_target(Process& target, Process& tracer) {
  target.signal(SIGTERM);
  ProcessResult target_result = target.wait(scaled(std::chrono::seconds(10)));
  return {target_result, tracer.wait(scaled(std::chrono::seconds(10)))};
}

}  // namespace


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
  REQUIRE(t.lines.size() >= 2);
  // Under QEMU the exec may block past the joiner's 100 ms and come split: join it back, as
  // strace's lines are compared (args + ") = 0" from the resumed half).
  std::string first = t.lines[0].body;
  const std::string mark = " <unfinished ...>", resumed = "<... execve resumed>";
  if (first.ends_with(mark) && t.lines[1].body.starts_with(resumed))
    first = first.substr(0, first.size() - mark.size()) + t.lines[1].body.substr(resumed.size());
  CHECK(std::regex_match(first, execve));
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
  REQUIRE(wait_ready(target));
  pid_t pid = static_cast<pid_t>(std::stol(target.out()));
  REQUIRE(pid == target.pid());

  Process tracer({sysray_bin(), "trace", "-p", std::to_string(pid), "-e", "getppid"});
  bool seen = tracer.wait_until([&](const Process& p) { return count_getppid(p.out(), pid) >= 3; },
                                scaled(std::chrono::seconds(30)));
  // Like strace -p, sysray ends by itself when the traced process is gone.
  auto [target_result, r] = stop_target(target, tracer);
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
  REQUIRE(wait_ready(a));
  REQUIRE(wait_ready(b));

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

namespace {

// The two child pids the `signals` workload prints on stdout.
std::pair<std::string, std::string> signals_children(const std::string& out) {
  std::istringstream in(out);
  std::string exited, killed;
  in >> exited >> killed;
  return {exited, killed};
}

}  // namespace

TEST_CASE("trace shows signals delivered and how each thread ended, as strace does",
          "[process][signals]") {
  TempDir dir;
  std::string out = dir.file("trace");
  SECTION("text") {
    auto r = run_sysray({"trace", "-f", "-o", out, "--", workload("signals"), "7"});
    INFO(r.describe());
    REQUIRE(r.exit_code == 7);  // the command's exit status
    auto [exited, killed] = signals_children(r.out);
    Trace t = parse_trace_file(read_file(out));
    INFO(t.dump());
    CHECK(t.malformed.empty());
    pid_t pid = t.first_tid();
    std::string me = fmt::format("si_pid={}, si_uid={}", pid, getuid());
    // Clock ticks, with strace's comment in seconds once there are any ("1 /* 0.01 s */": a
    // slow guest's child can use a tick).
    const std::string ticks = R"(([0-9]+|[0-9]+ /\* [0-9.]+ s \*/))";
    auto child_info = [&](const std::string& code, const std::string& child,
                          const std::string& status) {
      return "--- SIGCHLD \\{si_signo=SIGCHLD, si_code=" + code + ", si_pid=" + child +
             ", si_uid=" + std::to_string(getuid()) + ", si_status=" + status +
             ", si_utime=" + ticks + ", si_stime=" + ticks + "\\} ---";
    };
    auto notices = t.notice_bodies(pid);
    REQUIRE(notices.size() == 6);
    CHECK(notices[0] == "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, " + me + "} ---");
    CHECK(notices[1] == "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_TKILL, " + me + "} ---");
    CHECK(notices[2] == "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, " + me +
                            ", si_int=42, si_ptr=0x2a} ---");
    CHECK(std::regex_match(notices[3], std::regex(child_info("CLD_EXITED", exited, "3"))));
    CHECK(std::regex_match(notices[4], std::regex(child_info("CLD_KILLED", killed, "SIGKILL"))));
    CHECK(notices[5] == "+++ exited with 7 +++");
    CHECK(t.notice_bodies(std::stoi(exited)) == Lines{"+++ exited with 3 +++"});
    CHECK(t.notice_bodies(std::stoi(killed)) == Lines{"+++ killed by SIGKILL +++"});
    // A child's end comes before the SIGCHLD it sends, and the signal after the wait4 that
    // reaped it only when the handler runs: in time order.
    auto position = [&](pid_t tid, const std::string& prefix) {
      for (size_t i = 0; i < t.notices.size(); ++i)
        if (t.notices[i].tid == tid && t.notices[i].body.starts_with(prefix)) return i;
      return t.notices.size();
    };
    CHECK(position(std::stoi(exited), "+++") < position(pid, "--- SIGCHLD"));
    // The parent's last syscall line and its end; sigqueue's siginfo decoded as the signal's.
    CHECK(t.bodies(pid).back() == "exit_group(7) = ?");
    CHECK(missing_in_order(t, pid, {fmt::format("rt_sigqueueinfo({}, SIGUSR1, {{si_signo=SIGUSR1, "
                                                "si_code=SI_QUEUE, {}, si_int=42, si_ptr=0x2a}}) = 0",
                                                pid, me)}) == "");
    // Each of the 5 handlers returns with rt_sigreturn, restoring the mask of before the
    // signal (SIGTERM blocked): the first one into kill(), which returned 0.
    CHECK(matching(t, std::regex(R"(rt_sigreturn\(\{mask=\[TERM\]\}\) = -?[0-9]+)")).size() == 5);
    CHECK(missing_in_order(t, pid, {"kill(" + std::to_string(pid) + ", SIGUSR1) = 0",
                                    "rt_sigreturn({mask=[TERM]}) = 0"}) == "");
  }
  SECTION("JSON") {
    auto r = run_sysray({"trace", "-f", "--json", "-o", out, "--", workload("signals"), "7"});
    INFO(r.describe());
    REQUIRE(r.exit_code == 7);
    auto [exited, killed] = signals_children(r.out);
    std::string error;
    auto events = parse_json_lines(read_file(out), &error);
    CHECK(error == "");
    auto signals = select(events, "signal");
    REQUIRE(signals.size() == 5);
    CHECK(signals[0]["signal"] == "SIGUSR1");
    CHECK(signals[0]["siginfo"]["si_code"] == "SI_USER");
    CHECK(signals[2]["siginfo"]["si_int"] == 42);
    CHECK(signals[2]["siginfo"]["si_ptr"] == "0x2a");
    const json& chld = signals[3];
    CHECK(chld["signal"] == "SIGCHLD");
    CHECK(chld["siginfo"]["si_code"] == "CLD_EXITED");
    CHECK(chld["siginfo"]["si_pid"] == std::stoi(exited));
    CHECK(chld["siginfo"]["si_status"] == 3);
    CHECK(signals[4]["siginfo"]["si_status"] == "SIGKILL");
    auto exits = select(events, "exit");
    REQUIRE(exits.size() == 3);
    for (const auto& e : exits) {
      if (e["pid"] == std::stoi(killed)) {
        CHECK(e["killed_by"] == "SIGKILL");
        CHECK(e["core_dumped"] == false);
        CHECK_FALSE(e.contains("exit_code"));
      } else {
        CHECK(e["exit_code"] == (e["pid"] == std::stoi(exited) ? 3 : 7));
      }
    }
  }
  // `sysray trace OPTIONS -o out -- signals 7`, as text.
  auto trace_with = [&](std::vector<std::string> options) {
    options.insert(options.begin(), "trace");
    for (std::string a : {"-o", out.c_str(), "--"}) options.push_back(a);
    options.push_back(workload("signals"));
    options.push_back("7");
    auto r = run_sysray(options);
    INFO(r.describe());
    REQUIRE(r.exit_code == 7);
    return parse_trace_file(read_file(out));
  };
  SECTION("-e signal=none and --quiet=exit hide them") {
    Trace t = trace_with({"-f", "-e", "signal=none", "--quiet=exit"});
    INFO(t.dump());
    CHECK(t.notices.empty());
    CHECK_FALSE(t.lines.empty());
  }
  SECTION("-e signal=SIGCHLD shows only SIGCHLD") {
    Trace t = trace_with({"-e", "signal=SIGCHLD", "-e", "trace=none"});
    INFO(t.dump());
    CHECK(t.lines.empty());
    REQUIRE(t.notices.size() == 3);  // two SIGCHLD, and the command's end (no -f: not the children's)
    CHECK(t.notices[0].body.starts_with("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED"));
    CHECK(t.notices[1].body.starts_with("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED"));
    CHECK(t.notices[2].body == "+++ exited with 7 +++");
  }
  SECTION("raw_tp reads rt_sigreturn's stack pointer through CO-RE") {
    Trace t = trace_with({"--backend", "raw_tp", "-e", "trace=rt_sigreturn", "-e", "signal=none"});
    INFO(t.dump());
    // One per handler: after kill, tgkill and sigqueue (each returned 0), and two SIGCHLD.
    CHECK(t.count(t.first_tid(), "rt_sigreturn({mask=[TERM]}) = 0") >= 3);
    CHECK(t.lines.size() == 5);
    CHECK(matching(t, std::regex(R"(rt_sigreturn\(\{mask=\[TERM\]\}\) = -?[0-9]+)")).size() == 5);
  }
}

TEST_CASE("a sleep cut short by a signal shows the time it had left", "[process][signals]") {
  // wait_for_signal sleeps 10 s at a time; SIGTERM (a handler, no SA_RESTART) ends a sleep.
  // (With 1 s sleeps, a slow QEMU guest once delivered SIGTERM after the sleep had ended.)
  Process target({workload("wait_for_signal"), "100000", "10000"});
  REQUIRE(wait_ready(target));
  pid_t pid = target.pid();
  Process tracer({sysray_bin(), "trace", "-p", std::to_string(pid), "-e", "clock_nanosleep"});
  // A sleep entered after the attach, shown unfinished once it has blocked for 100 ms.
  const std::string unfinished = "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=10, tv_nsec=0},  <unfinished ...>";
  bool blocked = tracer.wait_until([&](const Process& p) { return parse_trace(p.out()).count(pid, unfinished) > 0; },
                                   scaled(std::chrono::seconds(30)));
  auto [target_result, r] = stop_target(target, tracer);
  INFO(r.describe());
  REQUIRE(blocked);
  CHECK(target_result.exit_code == 0);
  Trace t = parse_trace(r.out);
  // The cut sleep prints resumed when its unfinished line came first, whole when the line
  // seen unfinished was the sleep already in progress at attach (trace -p shows it).
  std::vector<TraceLine> cut = matching(t, std::regex(
      R"((<\.\.\. clock_nanosleep resumed>|clock_nanosleep\(CLOCK_REALTIME, 0, \{tv_sec=10, tv_nsec=0\}, ))"
      R"(\{tv_sec=[0-9], tv_nsec=[0-9]+\}\) = \? ERESTART_RESTARTBLOCK \(Interrupted by signal\))"));
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].tid == pid);
  auto notices = t.notice_bodies(pid);
  REQUIRE_FALSE(notices.empty());
  CHECK(notices.front().starts_with("--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER"));
}

TEST_CASE("trace -f keeps a process whose leader thread ended before its other threads",
          "[process][fork]") {
  // -f forgets a process when it is gone: when its last thread ends, not its leader.
  Trace t = clean_trace(run_sysray(
      {"trace", "-f", "-e", "getppid,exit,exit_group", "--", workload("leader_exits")}));
  INFO(t.dump());
  pid_t leader = t.first_tid();
  CHECK(t.bodies(leader) == Lines{"exit(0) = ?"});
  CHECK(t.notice_bodies(leader) == Lines{"+++ exited with 0 +++"});
  REQUIRE(t.lines.size() == 3);
  pid_t thread = t.lines[1].tid;
  CHECK(thread != leader);
  auto bodies = t.bodies(thread);
  REQUIRE(bodies.size() == 2);
  CHECK(std::regex_match(bodies[0], std::regex(R"(getppid\(\) = [0-9]+)")));  // sysray ran it
  CHECK(bodies[1] == "exit_group(0) = ?");
  CHECK(t.notice_bodies(thread) == Lines{"+++ exited with 0 +++"});
}

TEST_CASE("threads killed inside their calls by another thread's exit_group end them '= ?'",
          "[process][signals]") {
  // As strace shows every Go program's end: the call's outputs never came, nor did its return
  // (the kernel had EINTR or a restart code for it, or for the busy readv the bytes read so far,
  // which no one saw).
  Trace t = clean_trace(run_sysray(
      {"trace", "-f", "-e", "read,readv,clock_nanosleep", "--", workload("group_exit")}));
  INFO(t.dump());
  auto tid_of = [&](const std::string& first) {
    for (const auto& l : t.lines)
      if (l.body == first) return l.tid;
    return pid_t{0};
  };
  pid_t reader = tid_of("read(3,  <unfinished ...>");
  pid_t sleeper = tid_of("clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=3600, tv_nsec=0},  <unfinished ...>");
  pid_t zeroer = 0;
  for (const auto& l : t.lines)
    if (l.body.starts_with("readv(")) zeroer = l.tid;
  REQUIRE(reader);
  REQUIRE(sleeper);
  REQUIRE(zeroer);
  // Its earlier readv calls returned 2 GiB - 4 KiB (MAX_RW_COUNT) each; the one the kill came in
  // (running, not blocked, on the other CPU) returned less, and that return was never seen.
  Lines zeroer_calls = t.bodies(zeroer);
  for (size_t i = 0; i + 1 < zeroer_calls.size(); ++i)  // a call split by a switch: 2 lines
    CHECK((zeroer_calls[i].ends_with(") = 2147479552") ||
           zeroer_calls[i].ends_with("512 <unfinished ...>")));
  CHECK(std::regex_match(zeroer_calls.back(),
                         std::regex(R"((readv\(5, |<\.\.\. readv resumed>).*\) = \?)")));
  CHECK(t.bodies(reader) == Lines{"read(3,  <unfinished ...>", "<... read resumed> <unfinished ...>) = ?"});
  CHECK(t.bodies(sleeper) ==
        Lines{"clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=3600, tv_nsec=0},  <unfinished ...>",
              "<... clock_nanosleep resumed> <unfinished ...>) = ?"});
  // Each thread's end is shown, although the three end at once: when two threads of a process
  // end together, both see signal->live == 0 at sched_process_exit, and forgetting the process
  // there used to hide the second one's notice (targets.bpf.h now forgets it at the leader's free).
  CHECK(t.notice_bodies(reader) == Lines{"+++ exited with 0 +++"});
  CHECK(t.notice_bodies(sleeper) == Lines{"+++ exited with 0 +++"});
  CHECK(t.notice_bodies(zeroer) == Lines{"+++ exited with 0 +++"});
  CHECK(t.notice_bodies(t.first_tid()) == Lines{"+++ exited with 0 +++"});
}
