// trace's options: -e, --failed, -z, -o, -T, -t/-tt, and blocked calls. Ports 3040-3069.
#include <catch2/catch.hpp>

#include <regex>

#include "runtime_support.h"

using namespace sysray::test;

namespace {

std::string bind_ok(int port) { return "bind(3, " + sin4(port) + ", 16) = 0"; }
std::string bind_in_use(int port) {
  return "bind(4, " + sin4(port) + ", 16) = -1 EADDRINUSE (Address already in use)";
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("trace -e chooses the syscalls shown", "[options][filter]") {
  SECTION("with -e bind") {
    Trace t = clean_trace(run_sysray({"trace", "-e", "bind", "--", workload("udp_bind_twice"), "3041"}));
    CHECK(t.bodies() == Lines{bind_ok(3041), bind_in_use(3041)});
    CHECK(t.bodies(t.first_tid()).size() == 2);
  }
  SECTION("with -e socket,bind") {
    Trace t = clean_trace(run_sysray({"trace", "-e", "socket,bind", "--", workload("udp_bind_twice"), "3042"}));
    CHECK(t.bodies() == Lines{"socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3", bind_ok(3042),
                              "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4", bind_in_use(3042)});
  }
  SECTION("with -e %net (strace's network class)") {
    Trace t = clean_trace(run_sysray({"trace", "-e", "%net", "--", workload("tcp_loopback"), "3043"}));
    CHECK(t.bodies() == Lines{"socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
                              "bind(3, " + sin4(3043) + ", 16) = 0",
                              "listen(3, 1) = 0",
                              "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4",
                              "bind(4, " + sin4(3044) + ", 16) = 0",
                              "connect(4, " + sin4(3043) + ", 16) = 0",
                              "accept(3, " + sin4(3044) + ", [16]) = 5",
                              R"(sendto(4, "hello", 5, 0, NULL, 0) = 5)",
                              R"(recvfrom(5, "hello", 64, 0, NULL, NULL) = 5)",
                              "setsockopt(5, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0"});
  }
  SECTION("with -e getppid --json") {
    auto events = clean_json(run_sysray({"trace", "--json", "-e", "getppid", "--", workload("getppid_loop"), "5"}));
    CHECK(events.size() == 6);
    CHECK(select(events, "syscall", "getppid").size() == 5);
    // The command's end is shown whatever -e says, as strace does.
    REQUIRE(select(events, "exit").size() == 1);
    CHECK(select(events, "exit")[0]["exit_code"] == 0);
  }
}

TEST_CASE("trace --failed shows only the calls that returned an error", "[options][filter]") {
  SECTION("with --failed") {
    Trace t = clean_trace(run_sysray({"trace", "--failed", "--", workload("udp_bind_twice"), "3045"}));
    INFO(t.dump());
    for (const auto& l : t.lines) CHECK(l.body.find(" = -1 E") != std::string::npos);
    CHECK(t.count(t.first_tid(), bind_in_use(3045)) == 1);
    CHECK(matching(t, std::regex("bind\\(.*")).size() == 1);
  }
  SECTION("with --failed -e %net") {
    Trace t = clean_trace(
        run_sysray({"trace", "--failed", "-e", "%net", "--", workload("udp_bind_twice"), "3046"}));
    CHECK(t.bodies() == Lines{bind_in_use(3046)});
  }
  SECTION("with --failed --json") {
    TempDir dir;
    auto events = clean_json(run_sysray(
        {"trace", "--failed", "--json", "-e", "openat", "--", workload("open_files"), "/etc/hostname", dir.file("missing")}));
    events = select(events, "syscall");  // the exit object is shown too, as in text
    REQUIRE(events.size() == 1);
    CHECK(events[0]["args"] == json::array({"AT_FDCWD", dir.file("missing"), "O_RDONLY"}));
    CHECK(events[0]["errno"] == "ENOENT");
  }
}

TEST_CASE("trace -z shows only the calls that returned without an error", "[options][filter]") {
  // udp_bind_twice: socket, bind = 0, socket, bind = -1 EADDRINUSE, close, close, exit_group.
  // exit_group never returns: as strace -z, it is not shown.
  Trace t = clean_trace(run_sysray(
      {"trace", "-z", "-e", "%net,exit_group", "--", workload("udp_bind_twice"), "3048"}));
  INFO(t.dump());
  CHECK(t.bodies() == Lines{"socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3", bind_ok(3048),
                            "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4"});
  auto both = run_sysray({"trace", "-z", "--failed", "--", "true"});
  CHECK(both.exit_code == 2);
  CHECK(both.err == "sysray: give either --failed (-Z) or --successful-only (-z), not both\n");
}

TEST_CASE("trace -e status= chooses calls by how they ended, as strace", "[options][filter]") {
  TempDir dir;
  std::string missing = dir.file("missing");
  auto run = [&](const char* status) {
    return clean_trace(run_sysray({"trace", "-e", status, "-e", "trace=openat,close,exit_group",
                                   "--", workload("open_files"), "/etc/hostname", missing}));
  };
  std::string opened = "openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3";
  std::string failed = "openat(AT_FDCWD, \"" + missing + "\", O_RDONLY) = -1 ENOENT (No such file or directory)";
  std::string exited = "exit_group(0) = ?";
  SECTION("failed,unfinished") {
    Trace t = run("status=failed,unfinished");
    INFO(t.dump());
    CHECK(t.bodies(t.first_tid()) == Lines{failed, exited});
  }
  SECTION("successful") {
    Trace t = run("status=successful");
    INFO(t.dump());
    // The loader's own openat/close calls come first; the workload's end the list.
    Lines b = t.bodies(t.first_tid());
    REQUIRE(b.size() >= 2);
    CHECK(Lines(b.end() - 2, b.end()) == Lines{opened, "close(3) = 0"});
  }
  SECTION("!successful is failed, unfinished, unavailable and detached") {
    Trace t = run("status=!successful");
    CHECK(t.bodies(t.first_tid()) == Lines{failed, exited});
  }
  SECTION("none: only the process's end") {
    auto r = run_sysray({"trace", "-e", "status=none", "--", workload("open_files"), "/etc/hostname", missing});
    REQUIRE(r.exit_code == 0);
    Trace t = parse_trace(r.out);
    CHECK(t.lines.empty());
    CHECK(std::regex_match(r.out, std::regex("\\[pid +[0-9]+\\] \\+\\+\\+ exited with 0 \\+\\+\\+\n")));
  }
  SECTION("a blocked call prints whole once it ends: no unfinished/resumed pair") {
    Trace t = clean_trace(run_sysray({"trace", "-f", "-e", "read", "-e", "status=successful", "--",
                                      workload("block_read"), "1"}));
    INFO(t.dump());
    CHECK(matching(t, std::regex("read\\(3, \"wake\", 64\\) = 4")).size() == 1);
    CHECK(matching(t, std::regex(".*(unfinished|resumed).*")).empty());
  }
  SECTION("bad input") {
    auto r = run_sysray({"trace", "-e", "status=ok", "--", "true"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "sysray: unknown status 'ok' in -e status=ok (known: successful failed "
                   "unfinished unavailable detached)\n");
    auto c = run_sysray({"count", "-e", "status=failed", "--", "true"});
    CHECK(c.exit_code == 2);
    CHECK(c.err == "sysray: -e status=failed: count counts every outcome; status= is for trace\n");
  }
}

TEST_CASE("trace -X raw and verbose print constants as strace -X does", "[options][output]") {
  TempDir dir;
  for (const char* style : {"raw", "verbose"}) {
    INFO("-X " << style);
    // The same calls of the same binary, in -o files: byte for byte as strace writes them.
    std::vector<std::string> cmd = {workload("open_files"), "/etc/hostname", dir.file("missing")};
    std::vector<std::string> strace = {"strace", "-X", style, "-o", dir.file("strace.txt"), "-e", "trace=openat,exit_group"};
    strace.insert(strace.end(), cmd.begin(), cmd.end());
    REQUIRE(run_process(strace).exit_code == 0);
    std::vector<std::string> sysray = {"trace", "-X", style, "-o", dir.file("sysray.txt"), "-e", "trace=openat,exit_group", "--"};
    sysray.insert(sysray.end(), cmd.begin(), cmd.end());
    REQUIRE(run_sysray(sysray).exit_code == 0);
    std::string expected = read_file(dir.file("strace.txt"));
    CHECK(expected.find(std::string(style) == "raw" ? "openat(-100, \"/etc/hostname\", 0)"
                                                    : "openat(-100 /* AT_FDCWD */, \"/etc/hostname\", 0 /* O_RDONLY */)") != std::string::npos);
    CHECK(read_file(dir.file("sysray.txt")) == expected);
  }
  auto bad = run_sysray({"trace", "-X", "ful", "--", "true"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "sysray: unknown -X 'ful' (known: raw abbrev verbose)\n");
}

TEST_CASE("trace -o FILE writes to FILE and not to stdout", "[options][output]") {
  TempDir dir;
  SECTION("text") {
    std::string out = dir.file("trace.txt");
    auto r = run_sysray({"trace", "-o", out, "--", workload("udp_bind_twice"), "3047"});
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "");
    CHECK(r.err == "");
    Trace t = parse_trace_file(read_file(out));
    CHECK(t.malformed.empty());
    CHECK(missing_in_order(t, t.first_tid(), {bind_ok(3047), bind_in_use(3047)}) == "");
  }
  SECTION("text, byte for byte as strace -o writes it") {
    // The same calls made by the same binary: strace's file and sysray's must be identical
    // ("= " at column 40, no pid without -f).
    std::vector<std::string> cmd = {workload("open_files"), "/etc/hostname", dir.file("missing")};
    std::vector<std::string> strace = {"strace", "-o", dir.file("strace.txt"), "-e", "trace=openat,close,exit_group"};
    strace.insert(strace.end(), cmd.begin(), cmd.end());
    REQUIRE(run_process(strace).exit_code == 0);
    std::vector<std::string> sysray = {"trace", "-o", dir.file("sysray.txt"), "-e", "trace=openat,close,exit_group", "--"};
    sysray.insert(sysray.end(), cmd.begin(), cmd.end());
    auto r = run_sysray(sysray);
    REQUIRE(r.exit_code == 0);
    std::string expected = read_file(dir.file("strace.txt"));
    CHECK(expected.find("exit_group(0)                           = ?\n") != std::string::npos);
    CHECK(read_file(dir.file("sysray.txt")) == expected);
  }
  SECTION("JSON") {
    std::string out = dir.file("trace.jsonl");
    auto r = run_sysray({"trace", "--json", "-o", out, "-e", "bind", "--", workload("udp_bind_twice"), "3048"});
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "");
    std::string error;
    auto events = parse_json_lines(read_file(out), &error);
    CHECK(error == "");
    REQUIRE(events.size() == 3);
    CHECK(events[1]["errno"] == "EADDRINUSE");
    CHECK(events[2]["type"] == "exit");
  }
  SECTION("count") {
    std::string out = dir.file("count.json");
    auto r = run_sysray({"count", "--json", "-o", out, "--", workload("getppid_loop"), "10"});
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "");
    auto lines = split_lines(read_file(out));
    REQUIRE(lines.size() == 1);
    CHECK(json::parse(lines[0])["type"] == "summary");
  }
}

TEST_CASE("trace -T appends durations; -t and -tt prefix the time of day", "[options][time]") {
  SECTION("with -T") {
    Trace t = clean_trace(run_sysray({"trace", "-T", "--", workload("udp_bind_twice"), "3049"}));
    INFO(t.dump());
    CHECK(missing_in_order(t, t.first_tid(), {bind_ok(3049), bind_in_use(3049)}) == "");
    for (const auto& l : t.lines) {
      if (l.body.rfind("exit_group(", 0) == 0) {
        CHECK_FALSE(l.duration);  // never returns: no duration, like strace
      } else {
        CHECK(l.duration);
        if (l.duration) CHECK(*l.duration < 1.0);
      }
    }
  }
  for (const char* flag : {"-t", "-tt"}) {
    DYNAMIC_SECTION("with " << flag) {
      Trace t = clean_trace(run_sysray({"trace", flag, "-e", "bind", "--", workload("udp_bind_twice"), "3050"}));
      std::regex time(std::string(flag) == "-t" ? R"(([0-9]{2}:[0-9]{2}:[0-9]{2}) (.*))"
                                                : R"(([0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}) (.*))");
      INFO(t.dump());
      REQUIRE(t.lines.size() == 2);
      Lines rest;
      for (const auto& l : t.lines) {
        std::smatch m;
        CHECK(std::regex_match(l.body, m, time));
        if (!m.empty()) rest.push_back(m[2].str());
      }
      CHECK(rest == Lines{bind_ok(3050), bind_in_use(3050)});
    }
  }
}

TEST_CASE("a blocked call is shown unfinished and then resumed", "[options][blocked]") {
  SECTION("text") {
    auto r = run_sysray({"trace", "-f", "-T", "--", workload("block_read"), "1"});
    Trace t = clean_trace(r);
    INFO(t.dump());
    pid_t main_tid = t.first_tid();
    const std::string unfinished = "read(3,  <unfinished ...>";
    const std::string resumed = R"(<... read resumed>"wake", 64) = 4)";
    size_t u = t.lines.size(), w = t.lines.size(), e = t.lines.size();
    for (size_t i = 0; i < t.lines.size(); ++i) {
      const auto& l = t.lines[i];
      if (l.tid == main_tid && l.body == unfinished && u == t.lines.size()) u = i;
      if (l.tid != main_tid && l.body == R"(write(4, "wake", 4) = 4)") w = i;
      if (l.tid == main_tid && l.body == resumed) e = i;
    }
    REQUIRE(u < t.lines.size());
    REQUIRE(w < t.lines.size());
    REQUIRE(e < t.lines.size());
    CHECK(u < w);
    CHECK(u < e);
    CHECK_FALSE(t.lines[u].duration);
    REQUIRE(t.lines[e].duration);
    CHECK(*t.lines[e].duration >= 0.9);
    CHECK(*t.lines[e].duration < 5.0);
    CHECK(t.count(main_tid, unfinished) == 1);
    CHECK(t.count(main_tid, resumed) == 1);
  }
  SECTION("alone: shown unfinished once it has blocked for ~100 ms") {
    // -e read: no other event interleaves, so only the time blocked can show it.
    Trace t = clean_trace(run_sysray({"trace", "-f", "-e", "read", "--", workload("block_read"), "1"}));
    pid_t main_tid = t.first_tid();
    CHECK(missing_in_order(t, main_tid, {"read(3,  <unfinished ...>", R"(<... read resumed>"wake", 64) = 4)"}) == "");
    CHECK(t.count(main_tid, R"(read(3, "wake", 64) = 4)") == 0);
  }
  SECTION("JSON: syscall_enter, then the finished syscall with the same ts_ns") {
    auto events = clean_json(run_sysray({"trace", "-f", "--json", "-e", "read", "--", workload("block_read"), "1"}));
    std::vector<json> enters;
    for (const auto& e : select(events, "syscall_enter", "read"))
      if (e["args"][0] == 3 && e["args"][2] == 64) enters.push_back(e);
    std::vector<json> reads;
    for (const auto& e : select(events, "syscall", "read"))
      if (e["args"] == json::array({3, "wake", 64})) reads.push_back(e);
    REQUIRE(reads.size() == 1);
    CHECK(reads[0]["ret"] == 4);
    CHECK(reads[0]["comm"] == "block_read");  // the name after execve, also with -f
    CHECK(reads[0]["dur_ns"].get<uint64_t>() >= 900'000'000);
    REQUIRE(enters.size() == 1);
    CHECK(enters[0]["args"][1].is_string());  // not read yet: the buffer's address
    CHECK(enters[0]["tid"] == reads[0]["tid"]);
    CHECK(enters[0]["ts_ns"] == reads[0]["ts_ns"]);
    CHECK(enters[0]["comm"] == "block_read");
    CHECK_FALSE(enters[0].contains("ret"));
  }
}
