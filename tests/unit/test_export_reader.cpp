#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

#include "export/jsonl_reader.h"
#include "export/thread_spill.h"
#include "export/time_text.h"
#include "export_fixtures.h"

using namespace sysray::exporter;
using sysray::test::kExportInput;

namespace {

std::vector<CallRecord> read_calls(const std::string& text, ReadStats* stats) {
  std::istringstream in(text);
  JsonlReader reader(in, "in.jsonl", 0);
  std::vector<CallRecord> calls;
  *stats = reader.read_all([&](const CallRecord& c) { calls.push_back(c); });
  return calls;
}

}  // namespace

TEST_CASE("export reader: syscall objects become calls, other objects are passed over", "[export]") {
  ReadStats stats;
  auto calls = read_calls(kExportInput, &stats);
  CHECK(stats.lines == 4);
  CHECK(stats.bad_lines == 0);
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].name == "openat");
  CHECK(calls[0].thread_name() == "app (100)");
  CHECK(calls[0].args == R"("AT_FDCWD", "/etc/hosts", "O_RDONLY|O_CLOEXEC")");
  CHECK(calls[0].ret == 3);
  CHECK(calls[0].dur_ns == 5000);
  CHECK(calls[0].stack == std::vector<std::string>{"openat", "load_hosts()", "/bin/app+0x1100"});
  CHECK(calls[1].args == R"(3, {"addr":"127.0.0.1","family":"AF_INET","port":3001}, 16)");
  CHECK(calls[1].error == "EADDRINUSE");
  CHECK_FALSE(calls[2].ret.has_value());
  CHECK(calls[2].dur_ns == 0);
}

TEST_CASE("export reader: socket events are calls named by the event", "[export]") {
  ReadStats stats;
  auto calls = read_calls(
      R"({"type":"socket","event":"bind","ts_ns":5,"pid":7,"tid":8,"comm":"rebind","fd":3,"proto":"udp","local":{"addr":"127.0.0.1","port":3131},"remote":{"addr":"0.0.0.0","port":0},"bytes":0,"ret":-1,"errno":"EADDRINUSE","dur_ns":10024,"backend":"syscalls"})"
      "\n",
      &stats);
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].name == "bind");
  CHECK(calls[0].args == "fd=3 udp 127.0.0.1:3131 -> 0.0.0.0:0 bytes=0");
  CHECK(calls[0].error == "EADDRINUSE");
  CHECK(calls[0].dur_ns == 10024);
}

TEST_CASE("export reader: lines that are not sysray JSON are counted and the rest converts",
          "[export]") {
  ReadStats stats;
  std::string input = std::string("garbage\n") + kExportInput + "[1,2]\n" +
                      R"({"type":"syscall","ts_ns":1})" + "\n";
  auto calls = read_calls(input, &stats);
  CHECK(calls.size() == 3);
  CHECK(stats.bad_lines == 3);
  CHECK(stats.lines == 7);
}

// Found by tests/fuzz/fuzz_export_jsonl: "tid":42e42 is a float that no int64 holds, and
// converting it was undefined behaviour (UBSan stops there). Integer fields that hold anything
// but integers make the line not sysray's, in syscall and socket objects alike.
TEST_CASE("export reader: a float where sysray writes an integer is a bad line", "[export]") {
  ReadStats stats;
  std::string input =
      R"({"type":"syscall","ts_ns":1,"pid":1,"tid":42e42,"comm":"a","syscall":"bind","args":[]})" "\n"
      R"({"type":"syscall","ts_ns":1,"pid":1,"tid":1,"comm":"a","syscall":"read","args":[],"ret":1e300})" "\n"
      R"({"type":"socket","ts_ns":1,"pid":1,"tid":1,"comm":"a","event":"bind","fd":-9e99})" "\n"
      R"({"type":"socket","ts_ns":1,"pid":1,"tid":1,"comm":"a","event":"bind","local":{"port":7e77}})" "\n"
      R"({"type":"syscall","ts_ns":1,"pid":1,"tid":1,"comm":"a","syscall":"read","args":[],"ret":1})" "\n";
  auto calls = read_calls(input, &stats);
  CHECK(stats.bad_lines == 4);
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].ret == 1);
}

TEST_CASE("export: nanoseconds as exact decimal milliseconds and microseconds", "[export]") {
  CHECK(micros_text(1234567) == "1234.567");
  CHECK(micros_text(-1500) == "-1.500");
  CHECK(millis_text(1234567) == "1.234567");
  CHECK(millis_text(0) == "0.000000");
}

TEST_CASE("export: a thread's spilled text comes back whole and in order", "[export]") {
  ThreadSpill spill(8);  // tiny chunks: most of the text goes through the temporary file
  std::string expected_a, expected_b;
  for (int i = 0; i < 100; ++i) {
    std::string a = "a" + std::to_string(i) + ",", b = "b" + std::to_string(i) + ";";
    spill.append(1, a);
    spill.append(2, b);
    expected_a += a;
    expected_b += b;
  }
  std::string a, b;
  spill.replay(1, [&](std::string_view s) { a += s; });
  spill.replay(2, [&](std::string_view s) { b += s; });
  CHECK(a == expected_a);
  CHECK(b == expected_b);
}
