// sockets -k: the user stack of each socket event, and of the bind that took a port, compared
// with strace -k on the same program (object-relative addresses: the same in both runs).
#include <catch2/catch.hpp>

#include <regex>

#include "runtime_support.h"
#include "sockets_support.h"
#include "stack_support.h"

using namespace sysray::test;

namespace {

// sysray sockets' text: "TIME COMM PID/TID bind udp fd=3 ..." starts a "bind" event; "  its
// bind:" under a holder starts "holder's bind".
std::optional<std::string> sockets_event_name(const std::string& line) {
  static const std::regex event(R"(^\S+ \S+ \d+/\d+ ([a-z]+) .*$)");
  std::smatch m;
  if (line == "  its bind:") return "holder's bind";
  if (std::regex_match(line, m, event) && m[1] == "bind") return "bind";
  return std::nullopt;
}

}  // namespace

TEST_CASE("sockets -k: strace -k's frames on each bind, and the holder's bind under 'held by'",
          "[sockets][stacks]") {
  // stack_bind: take_port() binds 127.0.0.1:3193, then try_port() fails on it (EADDRINUSE).
  TempDir dir;
  auto s = run_process({"strace", "-k", "-e", "trace=bind", "-o", dir.file("strace"),
                        workload("stack_bind"), "3193"});
  REQUIRE(s.exit_code == 0);
  auto expected = calls_with_stacks(read_file(dir.file("strace")), {"bind"});
  auto r = run_sockets({"-k", "-o", dir.file("sysray"), "--", workload("stack_bind"), "3193"});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  std::string text = read_file(dir.file("sysray"));
  auto got = stacks_under(text, sockets_event_name);
  INFO("strace -k:\n" << dump(expected) << "sysray sockets -k:\n" << text);
  REQUIRE(expected.size() == 2);
  REQUIRE(got.size() == 3);  // the two binds, then the holder's
  CHECK(got[0].frames == expected[0].frames);
  CHECK(got[1].frames == expected[1].frames);
  CHECK(got[2].call == "holder's bind");
  CHECK(got[2].frames == expected[0].frames);
  REQUIRE(got[0].frames.size() >= 3);
  CHECK(got[0].frames[0].find("libc.so.6(bind+0x") != std::string::npos);
  CHECK(got[0].frames[1].find("::take_port(workload::LoopbackAddr&)+0x") != std::string::npos);
  REQUIRE(got[1].frames.size() >= 3);
  CHECK(got[1].frames[1].find("::try_port(workload::LoopbackAddr&, int*)") != std::string::npos);  // [clone .constprop.0] may follow
}

TEST_CASE("sockets -k --json: a stack on each event, bind_stack on the holder", "[sockets][stacks][json]") {
  auto r = run_sockets({"-k", "--json", "--", workload("stack_bind"), "3194"});
  auto all = clean_json(r);
  std::vector<json> binds;
  for (const auto& e : select(all, "socket"))
    if (e["event"] == "bind") binds.push_back(e);
  REQUIRE(binds.size() == 2);
  for (const auto& b : binds) {
    INFO(b.dump());
    REQUIRE(b.contains("stack"));
    REQUIRE(b["stack"].size() >= 3);
    CHECK(b["stack"][0]["symbol"] == "bind");
  }
  CHECK(binds[0]["stack"][1]["symbol"].get<std::string>().find("take_port(") != std::string::npos);
  for (const auto& other : select(all, "socket")) CHECK(other.contains("stack"));
  auto owners = select(all, "port_owner");
  REQUIRE(owners.size() == 1);
  INFO(owners[0].dump());
  CHECK(owners[0]["bind_stack"] == binds[0]["stack"]);

  // Without -k: no stack anywhere.
  auto plain = clean_json(run_sockets({"--json", "--", workload("stack_bind"), "3194"}));
  for (const auto& e : select(plain, "socket")) CHECK_FALSE(e.contains("stack"));
  for (const auto& e : select(plain, "port_owner")) CHECK_FALSE(e.contains("bind_stack"));
}

TEST_CASE("sockets --stack-size out of range is one line and exit 2", "[sockets][stacks][errors]") {
  auto r = run_sysray({"sockets", "-k", "--stack-size", "3000", "--", "true"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid --stack-size value '3000': must be a power of two (e.g. 8K, 32K)\n");
}
