// Bad input and missing privileges: one line on stderr starting "sysray: ", nothing on stdout,
// a non-zero exit, and no traced command left behind.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>

#include "runtime_support.h"

using namespace sysray::test;

using Lines = std::vector<std::string>;

namespace {

void check_one_line_error(const ProcessResult& r, const std::vector<std::string>& phrases) {
  INFO(r.describe());
  CHECK_FALSE(r.timed_out);
  CHECK(r.term_signal == 0);
  CHECK(r.exit_code != 0);
  CHECK(r.out == "");
  auto lines = split_lines(r.err);
  CHECK(lines.size() == 1);
  if (lines.empty()) return;
  CHECK(r.err.back() == '\n');
  CHECK(lines[0].rfind("sysray: ", 0) == 0);
  for (const auto& p : phrases) CHECK(lines[0].find(p) != std::string::npos);
}

}  // namespace

TEST_CASE("bad input: one line on stderr and a non-zero exit", "[errors]") {
  REQUIRE(kill(999999, 0) == -1);  // the "missing" pid must really be missing
  TempDir dir;
  const std::string no_command = dir.file("no-such-command");
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> phrases;
  };
  const std::vector<Case> cases = {
      {{"trace", "-e", "nosuchcall", "--", "true"}, {"unknown syscall 'nosuchcall'"}},
      {{"count", "-e", "nosuchcall", "--", "true"}, {"unknown syscall 'nosuchcall'"}},
      {{"trace", "-p", "999999"}, {"no such process: 999999"}},
      {{"count", "-p", "999999", "-d", "1"}, {"no such process: 999999"}},
      {{"trace", "--", no_command}, {"command not found: " + no_command}},
      {{"count", "--", no_command}, {"command not found: " + no_command}},
      {{"trace", "-s", "abc", "--", "true"}, {"-s", "abc"}},
      {{"nosuch"},
       {"unknown command 'nosuch': expected one of trace, count, funccount, sockets, features"}},
      {{}, {"a command is required: trace, count, funccount, sockets, features"}},
  };
  for (const auto& c : cases) {
    std::string name;
    for (const auto& a : c.args) name += (name.empty() ? "" : " ") + a;
    // Not a DYNAMIC_SECTION: the names hold a temporary path, new on every pass.
    INFO("sysray " << name);
    check_one_line_error(run_sysray(c.args, std::chrono::seconds(30)), c.phrases);
  }
}

namespace {

// sysray and a workload copied where user 65534 can reach them (the build tree may sit under a
// private directory), run as that user holding only `caps` ("+bpf,+perfmon"; "" for none).
struct Unprivileged {
  TempDir dir;
  std::string sysray = dir.file("sysray");
  Unprivileged() {
    REQUIRE(chmod(dir.path().c_str(), 0755) == 0);
    std::filesystem::copy_file(sysray_bin(), sysray);
    REQUIRE(chmod(sysray.c_str(), 0755) == 0);
  }
  std::string copy_workload(const std::string& name) {
    std::string path = dir.file(name);
    std::filesystem::copy_file(workload(name), path);
    REQUIRE(chmod(path.c_str(), 0755) == 0);
    return path;
  }
  ProcessResult run(const std::string& caps, std::vector<std::string> args) {
    std::vector<std::string> argv = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    if (!caps.empty()) {
      argv.push_back("--inh-caps=" + caps);
      argv.push_back("--ambient-caps=" + caps);
    }
    argv.push_back(sysray);
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, scaled(std::chrono::seconds(30)));
  }
};

}  // namespace

TEST_CASE("without root: one line naming the capability missing", "[errors][privileges]") {
  Unprivileged u;
  const std::string prefix = "sysray: permission denied: tracing needs root, or CAP_BPF and CAP_PERFMON (this process lacks ";
  for (const char* cmd : {"trace", "count"}) {
    INFO("sysray " << cmd << " as uid 65534");
    auto none = u.run("", {cmd, "--", "true"});
    check_one_line_error(none, {});
    CHECK(none.err == prefix + "CAP_BPF and CAP_PERFMON; see README, Privileges)\n");
    auto bpf = u.run("+bpf", {cmd, "--", "true"});
    check_one_line_error(bpf, {});
    CHECK(bpf.err == prefix + "CAP_PERFMON; see README, Privileges)\n");
    auto perfmon = u.run("+perfmon", {cmd, "--", "true"});
    check_one_line_error(perfmon, {});
    CHECK(perfmon.err == prefix + "CAP_BPF; see README, Privileges)\n");
  }
}

TEST_CASE("least privilege: CAP_BPF and CAP_PERFMON are enough to trace, as README says",
          "[errors][privileges]") {
  REQUIRE(run_sysray({"trace", "-e", "trace=none", "--", "true"}).exit_code == 0);  // tracefs mounted, as root
  Unprivileged u;
  std::string open_files = u.copy_workload("open_files");
  std::string missing = u.dir.file("missing");
  SECTION("trace decodes as for root") {
    auto r = u.run("+bpf,+perfmon", {"trace", "-e", "trace=openat", "--", open_files, "/etc/hostname", missing});
    Trace t = clean_trace(r);
    Lines b = t.bodies(t.first_tid());
    REQUIRE(b.size() >= 2);
    CHECK(Lines(b.end() - 2, b.end()) ==
          Lines{"openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3",
                "openat(AT_FDCWD, \"" + missing + "\", O_RDONLY) = -1 ENOENT (No such file or directory)"});
  }
  SECTION("count counts as for root") {
    auto count = [&](ProcessResult r) {
      auto rows = select(clean_json(r), "summary");
      REQUIRE(rows.size() == 1);
      REQUIRE(rows[0]["syscalls"].size() == 1);
      return std::make_pair(rows[0]["syscalls"][0]["calls"], rows[0]["syscalls"][0]["errors"]);
    };
    std::vector<std::string> args = {"count", "--json", "-e", "openat", "--", open_files, "/etc/hostname", missing};
    auto as_root = count(run_sysray(args));
    CHECK(as_root.second == 1);
    CHECK(count(u.run("+bpf,+perfmon", args)) == as_root);
  }
  SECTION("tracepoints need tracefs, which only root or CAP_DAC_READ_SEARCH can read") {
    auto r = u.run("+bpf,+perfmon", {"funccount", "-d", "0.2", "t:syscalls:sys_enter_getppid"});
    check_one_line_error(r, {});
    CHECK(r.err == "sysray: tracepoint patterns need tracefs: this user cannot read "
                   "/sys/kernel/tracing: it needs root or CAP_DAC_READ_SEARCH\n");
    auto ok = u.run("+bpf,+perfmon,+dac_read_search", {"funccount", "-d", "0.2", "t:syscalls:sys_enter_getppid"});
    // Debian's kernels (perf_event_paranoid 3) keep perf events, which tracepoints attach
    // through, for CAP_SYS_ADMIN: the error says so.
    if (read_file("/proc/sys/kernel/perf_event_paranoid") == "3\n") {
      check_one_line_error(ok, {});
      CHECK(ok.err == "sysray: nothing could be attached (t:syscalls:sys_enter_getppid: attach refused: "
                      "EACCES (kernel.perf_event_paranoid is 3 here: perf events need CAP_SYS_ADMIN))\n");
    } else {
      INFO(ok.describe());
      CHECK(ok.exit_code == 0);
    }
  }
  SECTION("inflight on another user's process says what it cannot show, and why") {
    Process target({workload("wait_for_signal"), "100000", "1000"});
    REQUIRE(wait_ready(target));
    std::string pid = std::to_string(target.pid());
    auto r = u.run("+bpf,+perfmon", {"inflight", "-p", pid});
    INFO(r.describe());
    CHECK(r.exit_code == 0);
    // Whether kallsyms hides addresses from this user depends on kernel.kptr_restrict.
    auto kallsyms = run_process({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "head", "-n1", "/proc/kallsyms"});
    bool hidden = kallsyms.out.starts_with("0000000000000000");
    CHECK(r.err == std::string(hidden ? "sysray: kernel frames are shown as addresses: /proc/kallsyms hides "
                                        "them from this user (root or CAP_SYSLOG can read them)\n" : "") +
                   "sysray: process " + pid + ": its memory cannot be read (/proc/" + pid + "/mem): arguments "
                   "held in memory and user stacks are not shown (they need root, or CAP_SYS_PTRACE and "
                   "CAP_DAC_READ_SEARCH)\n");
    CHECK(r.out.starts_with("thread " + pid + " (wait_for_signal) [clock_nanosleep, "));
    auto full = u.run("+bpf,+perfmon,+sys_ptrace,+dac_read_search,+syslog", {"inflight", "-p", pid});
    INFO(full.describe());
    CHECK(full.err == "");
    // The sleep's timespec, read from its memory; kernel frames named.
    CHECK(full.out.find("(wait_for_signal) [clock_nanosleep, ") != std::string::npos);
    CHECK(full.out.find("{tv_sec=1, tv_nsec=0}") != std::string::npos);
    CHECK(full.out.find(" > [kernel] 0x") == std::string::npos);
  }
}

TEST_CASE("without kernel BTF: one line naming CONFIG_DEBUG_INFO_BTF", "[errors]") {
  // Every kernel here has BTF: hide it from sysray in a mount namespace of its own, under an
  // empty tmpfs, so that /sys/kernel/btf/vmlinux is really missing for it.
  REQUIRE(std::filesystem::exists("/sys/kernel/btf/vmlinux"));
  for (const char* cmd : {"trace", "count", "sockets"}) {
    INFO("sysray " << cmd << " with /sys/kernel/btf hidden");
    auto r = run_process({"unshare", "-m", "sh", "-c",
                          "mount -t tmpfs none /sys/kernel/btf && exec \"$0\" \"$@\"", sysray_bin(),
                          cmd, "--", "true"},
                         scaled(std::chrono::seconds(30)));
    check_one_line_error(r, {"no BTF", "/sys/kernel/btf/vmlinux", "CONFIG_DEBUG_INFO_BTF=y"});
  }
}
