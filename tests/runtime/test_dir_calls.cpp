// Directory reads and links as strace prints them: getdents64's entry count (counted in the
// kernel), readlink's and readlinkat's target. Checked against strace itself in the same run
// (`sysray trace -f -- strace -f ...`: both see the same calls, so even the buffer addresses
// must match).
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "runtime_support.h"

using namespace sysray::test;

namespace {

// strace -o's "PID body" lines (the pid padded to 5 columns: "3769  read(", "14080 read("),
// without strace's column padding before " = ", in order.
std::vector<std::string> strace_bodies(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : split_lines(text)) {
    auto start = line.find_first_not_of(' ', line.find(' '));
    if (start == std::string::npos || line.find("+++") != std::string::npos) continue;
    std::string body = line.substr(start);
    out.push_back(std::regex_replace(body, std::regex(R"(\) +=)"), ") ="));
  }
  return out;
}

}  // namespace

TEST_CASE("getdents64 counts its entries and readlink shows the target, as strace does",
          "[decoding]") {
  TempDir dir;
  const std::string names = "readlink,readlinkat,getdents64", files = dir.file("files");
  std::filesystem::create_directory(files);
  auto r = run_sysray({"trace", "-f", "-e", names, "-o", dir.file("sysray"), "--", "strace", "-f",
                       "-e", "trace=" + names, "-o", dir.file("strace"), workload("dir_calls"),
                       files});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  Trace t = parse_trace_file(read_file(dir.file("sysray")));
  INFO(t.dump());
  // The workload's lines (strace's own readlink calls, if any, come from another pid).
  std::vector<std::string> expected = strace_bodies(read_file(dir.file("strace")));
  REQUIRE(expected.size() == 4);
  pid_t workload_pid = 0;
  for (const auto& l : t.lines)
    if (l.body.starts_with("readlink(")) workload_pid = l.tid;
  REQUIRE(workload_pid);
  CHECK(t.bodies(workload_pid) == expected);
  const std::string link = files + "/link";
  CHECK(expected[0] == "readlink(\"" + link + "\", \"f000\", 64) = 4");
  CHECK(expected[1] == "readlinkat(AT_FDCWD, \"" + link + "\", \"f000\", 64) = 4");
  CHECK(std::regex_match(expected[2],
                         std::regex(R"(getdents64\(3, 0x[0-9a-f]+ /\* 303 entries \*/, 32768\) = \d+)")));
  CHECK(std::regex_match(expected[3],
                         std::regex(R"(getdents64\(3, 0x[0-9a-f]+ /\* 0 entries \*/, 32768\) = 0)")));
}

TEST_CASE("getdents64's entry count in JSON", "[decoding]") {
  TempDir dir;
  auto events = clean_json(run_sysray(
      {"trace", "--json", "-e", "getdents64", "--", workload("dir_calls"), dir.path()}));
  auto calls = select(events, "syscall", "getdents64");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0]["args"][1]["entries"] == 303);
  CHECK(calls[0]["args"][1]["addr"].is_string());
  CHECK(calls[1]["args"][1]["entries"] == 0);
  CHECK(calls[1]["ret"] == 0);
}
