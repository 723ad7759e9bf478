// `sysray count`: exact call and error counts, the strace -c table, JSON. Ports 3070-3079.
#include <catch2/catch.hpp>
#include <signal.h>
#include <unistd.h>

#include <sstream>

#include "runtime_support.h"

using namespace sysray::test;

namespace {

const std::string kHeader = "% time     seconds  usecs/call  max usecs     calls    errors syscall";

// The whitespace-separated fields of the table row whose last field is `name`:
// {% time, seconds, usecs/call, max usecs, calls, [errors,] name}; empty when there is none.
std::vector<std::string> row(const std::string& table, const std::string& name) {
  for (const auto& line : split_lines(table)) {
    std::istringstream in(line);
    std::vector<std::string> fields;
    for (std::string f; in >> f;) fields.push_back(f);
    if (!fields.empty() && fields.back() == name) return fields;
  }
  return {};
}

json summary_of(const ProcessResult& r) {
  require_clean_exit(r);
  INFO(r.describe());
  auto lines = split_lines(r.out);
  REQUIRE(lines.size() == 1);
  json s = json::parse(lines[0]);
  CHECK(s["type"] == "summary");
  CHECK(s["lost"] == 0);
  return s;
}

json entry(const json& summary, const std::string& name) {
  for (const auto& e : summary["syscalls"])
    if (e["syscall"] == name) return e;
  return nullptr;
}

}  // namespace

TEST_CASE("count: getppid_loop 1000 makes exactly 1000 getppid calls", "[count]") {
  SECTION("table") {
    auto r = run_sysray({"count", "--", workload("getppid_loop"), "1000"});
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    CHECK(r.err == "");
    auto lines = split_lines(r.out);
    REQUIRE(lines.size() >= 5);
    CHECK(lines[0] == kHeader);
    CHECK(lines[1].rfind("------ ", 0) == 0);
    auto getppid = row(r.out, "getppid");
    REQUIRE(getppid.size() == 6);  // no errors: the errors column is blank, as in strace -c
    CHECK(getppid[4] == "1000");
    auto total = row(r.out, "total");
    REQUIRE(total.size() >= 6);
    CHECK(total[0] == "100.00");
    CHECK(row(lines.back(), "total") == total);  // the last line
    // The calls of all rows add up to the total's.
    long sum = 0;
    for (size_t i = 2; i + 2 < lines.size(); ++i) {
      std::istringstream in(lines[i]);
      std::vector<std::string> f;
      for (std::string x; in >> x;) f.push_back(x);
      if (f.size() >= 6) sum += std::stol(f[4]);
    }
    CHECK(sum == std::stol(total[4]));
  }
  SECTION("with --json") {
    json s = summary_of(run_sysray({"count", "--json", "--", workload("getppid_loop"), "1000"}));
    INFO(s.dump());
    json g = entry(s, "getppid");
    REQUIRE(g.is_object());
    CHECK(g["calls"] == 1000);
    CHECK(g["errors"] == 0);
    CHECK(g["avg_ns"] == g["total_ns"].get<uint64_t>() / 1000);
    CHECK(g["max_ns"].get<uint64_t>() >= g["avg_ns"].get<uint64_t>());
    CHECK(g["total_ns"].get<uint64_t>() > 0);
  }
  SECTION("with -e getppid --json: only getppid") {
    json s = summary_of(run_sysray({"count", "--json", "-e", "getppid", "--", workload("getppid_loop"), "500"}));
    INFO(s.dump());
    REQUIRE(s["syscalls"].size() == 1);
    CHECK(s["syscalls"][0]["syscall"] == "getppid");
    CHECK(s["syscalls"][0]["calls"] == 500);
  }
}

TEST_CASE("count: errors are counted per syscall", "[count]") {
  SECTION("table") {
    auto r = run_sysray({"count", "-e", "socket,bind", "--", workload("udp_bind_twice"), "3070"});
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    auto bind = row(r.out, "bind");
    REQUIRE(bind.size() == 7);
    CHECK(bind[4] == "2");
    CHECK(bind[5] == "1");
    auto socket = row(r.out, "socket");
    REQUIRE(socket.size() == 6);
    CHECK(socket[4] == "2");
    auto total = row(r.out, "total");
    REQUIRE(total.size() == 7);
    CHECK(total[4] == "4");
    CHECK(total[5] == "1");
  }
  SECTION("with --json") {
    json s = summary_of(run_sysray({"count", "--json", "--", workload("udp_bind_twice"), "3071"}));
    INFO(s.dump());
    json bind = entry(s, "bind");
    REQUIRE(bind.is_object());
    CHECK(bind["calls"] == 2);
    CHECK(bind["errors"] == 1);
    json socket = entry(s, "socket");
    REQUIRE(socket.is_object());
    CHECK(socket["calls"] == 2);
    CHECK(socket["errors"] == 0);
  }
}

TEST_CASE("count -p PID -d SEC stops after SEC seconds", "[count][attach]") {
  Process target({workload("wait_for_signal"), "100000", "100"});
  REQUIRE(wait_ready(target));
  auto started = std::chrono::steady_clock::now();
  auto r = run_sysray({"count", "--json", "-p", std::to_string(target.pid()), "-d", "1"},
                      std::chrono::seconds(30));
  auto took = std::chrono::steady_clock::now() - started;
  target.signal(SIGTERM);
  CHECK(target.wait(scaled(std::chrono::seconds(10))).exit_code == 0);
  json s = summary_of(r);
  INFO(s.dump());
  CHECK(took >= std::chrono::seconds(1));
  json g = entry(s, "getppid");
  REQUIRE(g.is_object());
  CHECK(g["calls"].get<int>() >= 3);   // 10 per second, minus start-up
  CHECK(g["calls"].get<int>() <= 11);
}

TEST_CASE("count -i SEC prints and resets every interval; the intervals add up exactly", "[count][interval]") {
  // 12 getppid() calls 50 ms apart (~0.6 s) under 0.2 s intervals: several summaries, each
  // counting only its own interval, together exactly 12, and a last one for the remainder.
  // -o: the workload prints its pid on stdout.
  TempDir dir;
  auto r = run_sysray({"count", "--json", "-o", dir.file("count.jsonl"), "-e", "getppid", "-i", "0.2", "--",
                       workload("wait_for_signal"), "12", "50"});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  std::string error;
  auto summaries = parse_json_lines(read_file(dir.file("count.jsonl")), &error);
  CHECK(error == "");
  REQUIRE(summaries.size() >= 3);
  int total = 0;
  for (size_t i = 0; i < summaries.size(); ++i) {
    const json& s = summaries[i];
    CHECK(s["type"] == "summary");
    CHECK(s["lost"] == 0);
    if (i + 1 < summaries.size()) CHECK(s["interval"] == i + 1);
    json g = entry(s, "getppid");
    if (g.is_object()) {
      CHECK(g["calls"].get<int>() < 12);  // reset: no interval holds them all
      total += g["calls"].get<int>();
    }
  }
  CHECK(total == 12);
}
