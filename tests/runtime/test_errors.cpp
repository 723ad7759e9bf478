// Bad input and missing privileges: one line on stderr starting "sysray: ", nothing on stdout,
// a non-zero exit, and no traced command left behind.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>

#include "runtime_support.h"

using namespace sysray::test;

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

TEST_CASE("without root: one line naming CAP_BPF or root", "[errors][privileges]") {
  // A copy that user 65534 can reach (the build tree may sit under a private directory).
  TempDir dir;
  REQUIRE(chmod(dir.path().c_str(), 0755) == 0);
  std::string copy = dir.file("sysray");
  std::filesystem::copy_file(sysray_bin(), copy);
  REQUIRE(chmod(copy.c_str(), 0755) == 0);
  for (const char* cmd : {"trace", "count"}) {
    INFO("sysray " << cmd << " as uid 65534");
    auto r = run_process({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", copy, cmd, "--", "true"},
                         scaled(std::chrono::seconds(30)));
    check_one_line_error(r, {});
    bool names_privilege = r.err.find("CAP_BPF") != std::string::npos || r.err.find("root") != std::string::npos;
    CHECK(names_privilege);
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
