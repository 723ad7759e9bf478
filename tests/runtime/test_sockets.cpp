// `sysray sockets`: exact event sequences (addresses, ports, bytes, errnos) on the workloads,
// the EADDRINUSE explanation, payloads, filters and bad input. Ports 3101-3199.
// $SYSRAY_SOCKETS_BACKEND (default auto) is passed as --backend, so that the same tests can run
// each backend where the kernel has it.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <thread>

#include "funccount_support.h"
#include "sockets_support.h"

using namespace sysray::test;

namespace {

// Every socket event carries the fields JSON.md promises.
void check_common_fields(const std::vector<json>& events, const std::string& comm) {
  for (const auto& e : events) {
    INFO(e.dump());
    CHECK(e["comm"] == comm);
    CHECK(e["ts_ns"].is_number_integer());
    CHECK(e["dur_ns"].is_number_integer());
    CHECK(e["tid"].is_number_integer());
    CHECK(e["backend"] == expected_backend());
    CHECK(e.contains("errno") == (e["ret"] == -1));
    CHECK_FALSE(e.contains("payload"));  // --payload is off by default
  }
}

std::vector<json> summary_rows(const std::vector<json>& all) { return select(all, "socket_summary"); }

json summary_row(const std::string& proto, const json& remote, uint64_t connects, uint64_t accepts,
                 uint64_t sent, uint64_t received, uint64_t errors, const json& like) {
  return json{{"type", "socket_summary"}, {"pid", like["pid"]},   {"comm", like["comm"]},
              {"proto", proto},           {"remote", remote},      {"connects", connects},
              {"accepts", accepts},       {"bytes_sent", sent},    {"bytes_received", received},
              {"errors", errors},         {"would_block", 0}};
}

json addr(const std::string& a, int port) { return json{{"addr", a}, {"port", port}}; }

}  // namespace

TEST_CASE("sockets: TCP over IPv4 and IPv6, every send/recv flavour, real ports", "[sockets]") {
  struct Case {
    const char* family;
    int port;
    const char* loop;
  };
  for (Case c : {Case{"v4", 3101, "127.0.0.1"}, Case{"v6", 3103, "::1"}}) {
    DYNAMIC_SECTION("sock_tcp " << c.family) {
      auto r = run_sockets({"--json", "--", workload("sock_tcp"), std::to_string(c.port), c.family});
      auto all = clean_json(r);
      auto events = select(all, "socket");
      check_common_fields(events, "sock_tcp");
      REQUIRE(events.size() == 15);
      // The client's port is the kernel's choice at connect: the same on both sides.
      int client_port = events[4]["local"]["port"];
      CHECK(client_port > 1024);
      std::string L = std::string(c.family) == "v6" ? "[::1]" : "127.0.0.1";
      std::string any = std::string(c.family) == "v6" ? "[::]:0" : "0.0.0.0:0";
      std::string srv = L + ":" + std::to_string(c.port), cli = L + ":" + std::to_string(client_port);
      // The server resets the connection (SO_LINGER 0) before the client closes: by then the
      // kernel has already released the client's port, which the close reports as it is.
      events[13]["local"]["port"] = client_port;
      CHECK(joined(compact_all(events)) == joined({
                "socket 3 tcp " + any + ">" + any + " 0 3",
                "bind 3 tcp " + srv + ">" + any + " 0 0",
                "listen 3 tcp " + srv + ">" + any + " 0 0",
                "socket 4 tcp " + any + ">" + any + " 0 4",
                "connect 4 tcp " + cli + ">" + srv + " 0 0",
                "accept 5 tcp " + srv + ">" + cli + " 0 5",
                "send 4 tcp " + cli + ">" + srv + " 5 5",     // write
                "recv 5 tcp " + srv + ">" + cli + " 5 5",     // read
                "send 5 tcp " + srv + ">" + cli + " 9 9",     // sendto
                "recv 4 tcp " + cli + ">" + srv + " 9 9",     // recvfrom
                "send 4 tcp " + cli + ">" + srv + " 3 3",     // sendmsg
                "recv 5 tcp " + srv + ">" + cli + " 3 3",     // recvmsg
                "close 5 tcp " + srv + ">" + cli + " 0 0",
                "close 4 tcp " + cli + ">" + srv + " 0 0",
                "close 3 tcp " + srv + ">" + any + " 0 0",
            }));
      // write(6, "notsock", 7) on /dev/null is not a socket: nothing of 7 bytes anywhere.
      for (const auto& e : events) CHECK(e["bytes"] != 7);
      auto rows = summary_rows(all);
      REQUIRE(rows.size() == 2);
      CHECK(rows[0] == summary_row("tcp", addr(c.loop, c.port), 1, 0, 8, 9, 0, events[0]));
      CHECK(rows[1] == summary_row("tcp", addr(c.loop, client_port), 0, 1, 9, 8, 0, events[0]));
    }
  }
}

TEST_CASE("sockets: UDP sendto/recvfrom with the implicit bind's port, then connect+send",
          "[sockets]") {
  auto r = run_sockets({"--json", "--", workload("sock_udp"), "3111"});
  auto all = clean_json(r);
  auto events = select(all, "socket");
  check_common_fields(events, "sock_udp");
  REQUIRE(events.size() == 10);
  int port = events[3]["local"]["port"];
  CHECK(port > 1024);
  std::string cli = "127.0.0.1:" + std::to_string(port);
  CHECK(joined(compact_all(events)) == joined({
            "socket 3 udp 0.0.0.0:0>0.0.0.0:0 0 3",
            "bind 3 udp 127.0.0.1:3111>0.0.0.0:0 0 0",
            "socket 4 udp 0.0.0.0:0>0.0.0.0:0 0 4",
            "send 4 udp 0.0.0.0:" + std::to_string(port) + ">127.0.0.1:3111 11 11",
            "recv 3 udp 127.0.0.1:3111>" + cli + " 11 11",  // the source recvfrom returned
            "connect 4 udp " + cli + ">127.0.0.1:3111 0 0",
            "send 4 udp " + cli + ">127.0.0.1:3111 4 4",
            "recv 3 udp 127.0.0.1:3111>0.0.0.0:0 4 4",      // recv(): no source asked for
            "close 4 udp " + cli + ">127.0.0.1:3111 0 0",
            "close 3 udp 127.0.0.1:3111>0.0.0.0:0 0 0",
        }));
  auto rows = summary_rows(all);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == summary_row("udp", nullptr, 0, 0, 0, 4, 0, events[0]));
  CHECK(rows[1] == summary_row("udp", addr("127.0.0.1", 3111), 1, 0, 15, 0, 0, events[0]));
  CHECK(rows[2] == summary_row("udp", addr("127.0.0.1", port), 0, 0, 0, 11, 0, events[0]));
}

TEST_CASE("sockets: a refused connect, as JSON and as text", "[sockets]") {
  auto r = run_sockets({"--json", "--", workload("sock_refused"), "3121"});
  auto all = clean_json(r);
  auto events = select(all, "socket");
  CHECK(joined(compact_all(events)) == joined({
            "socket 3 tcp 0.0.0.0:0>0.0.0.0:0 0 3",
            "connect 3 tcp 0.0.0.0:0>127.0.0.1:3121 0 -1 ECONNREFUSED",
            "close 3 tcp 0.0.0.0:0>127.0.0.1:0 0 0",
        }));
  auto rows = summary_rows(all);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == summary_row("tcp", addr("127.0.0.1", 3121), 1, 0, 0, 0, 1, events[0]));

  r = run_sockets({"--", workload("sock_refused"), "3122"});
  require_clean_exit(r);
  auto lines = split_lines(r.out);
  REQUIRE(lines.size() == 5);  // 3 events, the summary's header and its row
  const std::string t = R"(\d\d:\d\d:\d\d\.\d{6} sock_refused (\d+)/\1 )";
  CHECK(std::regex_match(lines[0], std::regex(t + R"(socket tcp fd=3 \* -> \* = 3)")));
  CHECK(std::regex_match(
      lines[1], std::regex(t + R"(connect tcp fd=3 \* -> 127\.0\.0\.1:3122 = -1 ECONNREFUSED )"
                               R"(\(Connection refused\))")));
  CHECK(std::regex_match(lines[2], std::regex(t + R"(close tcp fd=3 \* -> 127\.0\.0\.1:0 = 0)")));
  CHECK(std::regex_match(lines[3], std::regex(R"(PID\s+COMM\s+PROTO\s+REMOTE\s+CONNECTS\s+)"
                                              R"(ACCEPTS\s+SENT\s+RECEIVED\s+ERRORS\s+EAGAIN)")));
  CHECK(std::regex_match(lines[4], std::regex(R"(\d+\s+sock_refused\s+tcp\s+127\.0\.0\.1:3122\s+)"
                                              R"(1\s+0\s+0\s+0\s+1\s+0)")));
}

TEST_CASE("sockets: EADDRINUSE names the closed socket and the recvfrom blocked on it",
          "[sockets]") {
  auto r = run_sockets({"--json", "--", workload("sock_rebind"), "3131", "close", "200", "1000"});
  auto all = clean_json(r);
  std::vector<json> seq;
  for (const auto& e : all)
    if (e["type"] == "socket" || e["type"] == "port_owner") seq.push_back(e);
  REQUIRE(seq.size() == 9);
  // The reader's recvfrom returns last but entered first: it is the one recv.
  auto recvs = select(all, "socket");
  json recv;
  for (const auto& e : recvs)
    if (e["event"] == "recv") recv = e;
  REQUIRE(recv.is_object());
  int reader = recv["tid"];
  int pid = seq[0]["pid"];
  CHECK(reader != pid);
  std::vector<std::string> head;
  for (int i = 0; i < 5; ++i) head.push_back(compact(seq[i]));
  CHECK(joined(head) == joined({
            "socket 3 udp 0.0.0.0:0>0.0.0.0:0 0 3",
            "bind 3 udp 127.0.0.1:3131>0.0.0.0:0 0 0",
            "close 3 udp 127.0.0.1:3131>0.0.0.0:0 0 0",
            "socket 3 udp 0.0.0.0:0>0.0.0.0:0 0 3",
            "bind 3 udp 127.0.0.1:3131>0.0.0.0:0 0 -1 EADDRINUSE",
        }));
  // Right after the failed bind: who holds 127.0.0.1:3131.
  json owner = seq[5];
  INFO(owner.dump());
  REQUIRE(owner["type"] == "port_owner");
  CHECK(owner["proto"] == "udp");
  CHECK(owner["addr"] == "127.0.0.1");
  CHECK(owner["port"] == 3131);
  CHECK(owner["pid"] == pid);
  CHECK(owner["comm"] == "sock_rebind");
  CHECK(owner["fd"] == 3);
  CHECK(owner["since_ns"] == seq[0]["ts_ns"]);
  CHECK(owner["fd_closed"] == true);
  CHECK(owner["closed_ns"] == seq[2]["ts_ns"]);
  REQUIRE(owner["blocked"].size() == 1);
  json blocked = owner["blocked"][0];
  CHECK(blocked["tid"] == reader);
  CHECK(blocked["syscall"] == "recvfrom");
  CHECK(blocked["fd"] == 3);
  // Blocked since before the close (200 ms), and for less than the workload's whole life.
  CHECK(blocked["dur_ns"].get<uint64_t>() >= 190'000'000u);
  CHECK(blocked["dur_ns"].get<uint64_t>() < 1'200'000'000u);
  // The datagram that wakes the blocked reader: events go out at syscall exit, and the woken
  // recvfrom may return before the sendto that woke it does, so either order is right.
  bool send_first = seq[6]["event"] == "send";
  const json& waker = send_first ? seq[6] : seq[7];
  const json& woken = send_first ? seq[7] : seq[6];
  CHECK(compact(waker).rfind("send 3 udp 0.0.0.0:", 0) == 0);
  CHECK(compact(woken) == "recv 3 udp 127.0.0.1:3131>0.0.0.0:0 5 5");
  CHECK(woken["tid"] == reader);
  CHECK(woken["dur_ns"].get<uint64_t>() >= 1'000'000'000u);  // it was blocked all along
  CHECK(seq[8]["event"] == "close");
}

TEST_CASE("sockets: the EADDRINUSE explanation as text", "[sockets]") {
  auto r = run_sockets({"--", workload("sock_rebind"), "3132", "close", "200", "1000"});
  require_clean_exit(r);
  auto lines = split_lines(r.out);
  REQUIRE(lines.size() >= 6);
  CHECK(std::regex_match(lines[4], std::regex(R"(.* bind udp fd=3 127\.0\.0\.1:3132 -> \* = -1 )"
                                              R"(EADDRINUSE \(Address already in use\))")));
  std::smatch m;
  INFO(lines[5]);
  REQUIRE(std::regex_match(
      lines[5], m,
      std::regex(R"(  held by sock_rebind (\d+) fd=3 127\.0\.0\.1:3132/udp since )"
                 R"(\d\d:\d\d:\d\d\.\d{6}, fd closed at \d\d:\d\d:\d\d\.\d{6} \(socket still )"
                 R"(referenced\); tid (\d+) blocked in recvfrom\(fd=3\) for 0\.(\d{3})s)")));
  CHECK(m[1] != m[2]);
  CHECK(std::stoi(m[3]) >= 190);
}

TEST_CASE("sockets -p: a socket bound before sysray started, and a call blocked before it",
          "[sockets]") {
  // The workload binds 3141, blocks a reader in recvfrom, and rebinds 2.5 s later.
  Process w({workload("sock_rebind"), "3141", "keep",
             std::to_string(scaled(milliseconds(2500)).count()), "500"});
  // Wait until the reader thread exists and is in its syscall.
  std::string reader;
  poll_until(
      [&] {
        std::string task = "/proc/" + std::to_string(w.pid()) + "/task";
        if (DIR* d = opendir(task.c_str())) {
          while (dirent* e = readdir(d))
            if (e->d_name[0] != '.' && std::stoi(e->d_name) != w.pid()) reader = e->d_name;
          closedir(d);
        }
        return !reader.empty();
      },
      milliseconds(2000));
  REQUIRE_FALSE(reader.empty());
  std::this_thread::sleep_for(milliseconds(100));
  // sysray runs alongside; it ends when the workload is gone (reaped by w.wait).
  Process tracer(sysray_command(sockets_args({"--json", "-p", std::to_string(w.pid())})));
  auto wr = w.wait(scaled(milliseconds(10000)));
  INFO(wr.describe());
  CHECK(wr.exit_code == 0);
  auto r = tracer.wait(scaled(milliseconds(10000)));
  auto all = clean_json(r);
  auto owners = select(all, "port_owner");
  REQUIRE(owners.size() == 1);
  json o = owners[0];
  INFO(o.dump());
  CHECK(o["pid"] == w.pid());
  CHECK(o["fd"] == 3);
  CHECK(o["since_ns"] == nullptr);   // found in /proc at start
  CHECK(o["fd_closed"] == false);
  CHECK(o["blocked"] == json::parse(R"([{"tid":)" + reader +
                                    R"(,"syscall":"recvfrom","fd":3,"dur_ns":null}])"));
  auto events = select(all, "socket");
  REQUIRE(events.size() >= 2);
  CHECK(compact(events[0]) == "socket 4 udp 0.0.0.0:0>0.0.0.0:0 0 4");
  CHECK(compact(events[1]) == "bind 4 udp 127.0.0.1:3141>0.0.0.0:0 0 -1 EADDRINUSE");
}

TEST_CASE("sockets --payload: off by default, N bytes when asked", "[sockets]") {
  auto r = run_sockets({"--json", "--payload", "3", "--", workload("sock_tcp"), "3105"});
  auto events = select(clean_json(r), "socket");
  std::vector<std::string> payloads;
  for (const auto& e : events) {
    INFO(e.dump());
    bool data = e["event"] == "send" || e["event"] == "recv";
    REQUIRE(e.contains("payload") == data);
    if (data)
      payloads.push_back(std::string(e["payload"]) + (e["payload_truncated"] ? "..." : ""));
  }
  CHECK(payloads == std::vector<std::string>{"pin...", "pin...", "pon...", "pon...", "abc", "abc"});

  r = run_sockets({"--payload", "4", "--port", "3106", "--", workload("sock_tcp"), "3106"});
  require_clean_exit(r);
  CHECK(std::regex_search(r.out, std::regex(R"( send tcp fd=4 .* = 5 data="ping"\.\.\.\n)")));
  CHECK(std::regex_search(r.out, std::regex(R"( recv tcp fd=5 .* = 3 data="abc"\n)")));
}

TEST_CASE("sockets --port and --proto keep only matching events", "[sockets]") {
  auto r = run_sockets({"--json", "--port", "3112", "--proto", "udp", "--", workload("sock_udp"),
                        "3112"});
  auto events = select(clean_json(r), "socket");
  REQUIRE(events.size() == 8);  // all but the two socket() calls (no port yet)
  for (const auto& e : events) {
    INFO(e.dump());
    CHECK((e["local"]["port"] == 3112 || e["remote"]["port"] == 3112));
    CHECK(e["proto"] == "udp");
  }
  r = run_sockets({"--json", "--proto", "tcp", "--", workload("sock_udp"), "3113"});
  require_clean_exit(r);
  CHECK(r.out == "");
}

TEST_CASE("sockets: bad input is one line and a non-zero exit", "[sockets]") {
  auto r = run_sysray({"sockets", "--proto", "sctp", "--", workload("sock_udp")});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid --proto 'sctp': expected tcp or udp\n");
  r = run_sysray({"sockets", "--port", "70000", "--", workload("sock_udp")});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid --port '70000': expected a number from 1 to 65535\n");
  r = run_sysray({"sockets", "--payload", "4097", "--", workload("sock_udp")});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid --payload '4097': expected a number of bytes from 0 to 4096\n");
  r = run_sysray({"sockets", "--buffer-size", "48K", "--", workload("sock_udp")});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid --buffer-size value '48K': must be a power of two (e.g. 64K, 16M)\n");
  r = run_sysray({"sockets", "-p", "999999999"});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "sysray: no such process: 999999999\n");
  r = run_sysray({"sockets", "-p", "12,x"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid pid 'x' in -p: expected a positive number\n");
  r = run_sysray({"sockets", "--backend", "ebpf", "--", workload("sock_udp")});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: unknown --backend 'ebpf': expected auto, fentry, kprobe or syscalls\n");
}

TEST_CASE("sockets --backend: each one where the kernel has it, the reason where not",
          "[sockets]") {
  int port = 3161;
  for (std::string b : {"fentry", "kprobe", "syscalls"}) {
    DYNAMIC_SECTION("--backend " << b) {
      auto r = run_sysray({"sockets", "--json", "--backend", b, "--", workload("sock_refused"),
                           std::to_string(port++)});
      if (b != "syscalls" && !has_feature(b)) {
        CHECK(r.exit_code == 1);
        CHECK(r.out == "");
        CHECK(r.err == "sysray: --backend " + b + " is not available on this kernel (" + b + ": " +
                           kernel_features_json()["features"][b].value("reason", "") + ")\n");
        continue;
      }
      auto events = select(clean_json(r), "socket");
      REQUIRE(events.size() == 3);
      for (const auto& e : events) CHECK(e["backend"] == b);
      CHECK(compact(events[1]) ==
            "connect 3 tcp 0.0.0.0:0>127.0.0.1:" + std::to_string(port - 1) + " 0 -1 ECONNREFUSED");
    }
  }
}

TEST_CASE("sockets -f follows the children of the command; without it they are not watched",
          "[sockets]") {
  std::string script = workload("sock_refused") + " 3151";
  auto r = run_sockets({"--json", "-f", "--", "sh", "-c", script + "; true"});
  auto events = select(clean_json(r), "socket");
  CHECK(joined(compact_all(events)) == joined({
            "socket 3 tcp 0.0.0.0:0>0.0.0.0:0 0 3",
            "connect 3 tcp 0.0.0.0:0>127.0.0.1:3151 0 -1 ECONNREFUSED",
            "close 3 tcp 0.0.0.0:0>127.0.0.1:0 0 0",
        }));
  for (const auto& e : events) CHECK(e["comm"] == "sock_refused");
  r = run_sockets({"--json", "--", "sh", "-c", script + "; true"});
  require_clean_exit(r);
  CHECK(r.out == "");
}

TEST_CASE("sockets: SIGINT and -d end the session with the summary", "[sockets]") {
  SECTION("SIGINT, forwarded to the command") {
    Process tracer(sysray_command(sockets_args(
        {"--json", "--", workload("sock_rebind"), "3171", "keep", "0", "60000"})));
    bool owner = tracer.wait_until(
        [](const Process& p) { return p.out().find("\"port_owner\"") != std::string::npos; },
        scaled(milliseconds(10000)));
    REQUIRE(owner);
    tracer.signal(SIGINT);
    auto r = tracer.wait(scaled(milliseconds(10000)));
    INFO(r.describe());
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 128 + SIGINT);  // the command's status: killed by the SIGINT
    auto all = parse_json_lines(r.out, nullptr);
    // The failed bind, and the reader's recvfrom when the signal ends it before sysray
    // detaches (it returns ERESTARTSYS as the process dies): both are errors.
    uint64_t failed = 0;
    for (const auto& e : select(all, "socket")) failed += e.contains("errno");
    CHECK((failed == 1 || failed == 2));
    auto rows = select(all, "socket_summary");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["errors"] == failed);
    CHECK(rows[0]["remote"] == nullptr);
  }
  SECTION("-d with -p") {
    // The workload would run a minute: only -d can end the session this early. Start-up
    // (the feature probe) is slow under QEMU, hence the wide margin.
    // The rebind comes 2 s (scaled) after the start: sysray must have attached by then, which
    // took over 3 s under QEMU on a busy host.
    Process w({workload("sock_rebind"), "3172", "keep",
               std::to_string(scaled(milliseconds(2000)).count()), "60000"});
    std::this_thread::sleep_for(milliseconds(100));
    auto start = std::chrono::steady_clock::now();
    auto r = run_sockets({"--json", "-d", std::to_string(scaled(milliseconds(3000)).count() / 1000),
                          "-p", std::to_string(w.pid())});
    auto took = std::chrono::steady_clock::now() - start;
    auto all = clean_json(r);
    CHECK(took < std::chrono::seconds(40));
    CHECK(select(all, "port_owner").size() == 1);
    CHECK(select(all, "socket_summary").size() == 1);
    w.signal(SIGKILL);
  }
}

TEST_CASE("sockets: lost events are counted exactly and reported, never hidden", "[sockets][lost]") {
  // The command stops sysray (SIGSTOP to its parent) before it starts, so that nothing reads
  // the 4 KiB ring while udp_echo makes its 4 * 300 + 5 socket calls: the ring fills and the
  // rest is lost for certain. Once the workload is done (it prints "round trips:" on the
  // stdout it shares with sysray, whose events go to a file), sysray continues: the events
  // shown plus the losses reported must be exactly the calls made.
  TempDir dir;
  const std::string file = dir.file("events.json");
  constexpr int kRoundTrips = 300, kEvents = 4 * kRoundTrips + 5;
  Process s(sysray_command(sockets_args(
      {"--json", "--buffer-size", "4K", "-o", file, "--", "sh", "-c",
       "kill -STOP $PPID && exec \"$0\" \"$@\"", workload("udp_echo"), std::to_string(kRoundTrips), "3181"})));
  bool done = s.wait_until([](const Process& p) { return p.out().find("round trips:") != std::string::npos; },
                           scaled(milliseconds(30000)));
  s.signal(SIGCONT);
  auto r = s.wait(scaled(milliseconds(30000)));
  INFO(r.describe());
  REQUIRE(done);
  CHECK(r.exit_code == 0);
  // The workload's own exit may be lost too (the ring is still full when it ends): that is
  // reported apart, and is not a socket event.
  long lost_err = 0, exits_lost_err = 0;
  const std::regex events_line(R"(sysray: lost (\d+) events)");
  const std::regex exits_line(
      R"(sysray: lost (\d+) process exits \(their sockets may still be named as port holders\))");
  for (const auto& line : split_lines(r.err)) {
    std::smatch m;
    INFO(line);
    if (std::regex_match(line, m, events_line))
      lost_err += std::stol(m[1]);
    else if (std::regex_match(line, m, exits_line))
      exits_lost_err += std::stol(m[1]);
    else
      FAIL("unexpected stderr line");
  }
  std::string error;
  auto all = parse_json_lines(read_file(file), &error);
  CHECK(error == "");
  long lost = 0, exits_lost = 0;
  for (const auto& o : select(all, "lost"))
    (o.contains("what") ? exits_lost : lost) += o["count"].get<long>();
  CHECK(exits_lost == exits_lost_err);
  CHECK(exits_lost <= 1);
  long shown = static_cast<long>(select(all, "socket").size());
  CHECK(lost == lost_err);
  CHECK(lost > 0);
  CHECK(shown + lost == kEvents);
}
