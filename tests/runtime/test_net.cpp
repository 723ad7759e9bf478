// Socket syscalls decoded like strace 6.1: addresses, payloads, errors. Ports 3001-3039.
// The expected lines come from `strace -f` on the same workloads (minus strace's padding).
#include <catch2/catch.hpp>

#include "runtime_support.h"

using namespace sysray::test;

namespace {
const std::string kEaddrinuse = " = -1 EADDRINUSE (Address already in use)";
}  // namespace

TEST_CASE("UDP double bind: the second bind fails with EADDRINUSE", "[net][udp]") {
  auto r = run_sysray({"trace", "--", workload("udp_bind_twice"), "3001"});
  Trace t = clean_trace(r);
  pid_t pid = t.first_tid();
  CHECK(missing_in_order(t, pid,
                         {"socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3",
                          "bind(3, " + sin4(3001) + ", 16) = 0",
                          "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4",
                          "bind(4, " + sin4(3001) + ", 16)" + kEaddrinuse,
                          "close(4) = 0",
                          "close(3) = 0",
                          "exit_group(0) = ?"}) == "");
  // A single-threaded command without -f: every line is the command's.
  CHECK(t.bodies(pid).size() == t.lines.size());
}

TEST_CASE("UDP double bind as JSON", "[net][udp][json]") {
  auto r = run_sysray({"trace", "--json", "--", workload("udp_bind_twice"), "3002"});
  auto events = clean_json(r);
  auto binds = select(events, "syscall", "bind");
  REQUIRE(binds.size() == 2);
  for (const auto& b : binds) {
    INFO(b.dump());
    CHECK(b["pid"] == b["tid"]);
    CHECK(b["comm"] == "udp_bind_twice");
    CHECK(b["ts_ns"].is_number_integer());
    CHECK(b["dur_ns"].is_number_integer());
  }
  CHECK(binds[0]["args"] == json::array({3, json_sin4(3002), 16}));
  CHECK(binds[0]["ret"] == 0);
  CHECK_FALSE(binds[0].contains("errno"));
  CHECK(binds[1]["args"] == json::array({4, json_sin4(3002), 16}));
  CHECK(binds[1]["ret"] == -1);
  CHECK(binds[1]["errno"] == "EADDRINUSE");
  CHECK(binds[0]["ts_ns"].get<uint64_t>() < binds[1]["ts_ns"].get<uint64_t>());
}

TEST_CASE("TCP over IPv4 and IPv6 loopback: listen/connect/accept/sendto/recvfrom", "[net][tcp]") {
  struct Case {
    const char* family;
    int port;
    std::string (*sa)(int);
    int len;
  };
  for (Case c : {Case{"v4", 3011, sin4, 16}, Case{"v6", 3013, sin6, 28}}) {
    DYNAMIC_SECTION("tcp_loopback " << c.family) {
      auto r = run_sysray({"trace", "--", workload("tcp_loopback"), std::to_string(c.port), c.family});
      Trace t = clean_trace(r);
      std::string af = c.len == 16 ? "AF_INET" : "AF_INET6";
      std::string len = std::to_string(c.len);
      CHECK(missing_in_order(
                t, t.first_tid(),
                {"socket(" + af + ", SOCK_STREAM, IPPROTO_IP) = 3",
                 "bind(3, " + c.sa(c.port) + ", " + len + ") = 0",
                 "listen(3, 1) = 0",
                 "socket(" + af + ", SOCK_STREAM, IPPROTO_IP) = 4",
                 "bind(4, " + c.sa(c.port + 1) + ", " + len + ") = 0",
                 "connect(4, " + c.sa(c.port) + ", " + len + ") = 0",
                 "accept(3, " + c.sa(c.port + 1) + ", [" + len + "]) = 5",
                 R"(sendto(4, "hello", 5, 0, NULL, 0) = 5)",
                 R"(recvfrom(5, "hello", 64, 0, NULL, NULL) = 5)"}) == "");
      // Checked apart, so that a decoding gap in one does not hide the other.
      CHECK(missing_in_order(t, t.first_tid(),
                             {"setsockopt(5, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0"}) == "");
      CHECK(missing_in_order(t, t.first_tid(), {R"(recvfrom(5, "hello", 64, 0, NULL, NULL) = 5)", "close(5) = 0",
                                                "close(4) = 0", "close(3) = 0"}) == "");
    }
  }
}

TEST_CASE("TCP loopback as JSON: addresses as objects and accept's length as a number", "[net][tcp][json]") {
  struct Case {
    const char* family;
    int port;
    json (*sa)(int);
    int len;
  };
  for (Case c : {Case{"v4", 3015, json_sin4, 16}, Case{"v6", 3017, json_sin6, 28}}) {
    DYNAMIC_SECTION("tcp_loopback --json " << c.family) {
      auto events = clean_json(
          run_sysray({"trace", "--json", "--", workload("tcp_loopback"), std::to_string(c.port), c.family}));
      auto binds = select(events, "syscall", "bind");
      REQUIRE(binds.size() == 2);
      CHECK(binds[0]["args"] == json::array({3, c.sa(c.port), c.len}));
      CHECK(binds[1]["args"] == json::array({4, c.sa(c.port + 1), c.len}));
      auto connects = select(events, "syscall", "connect");
      REQUIRE(connects.size() == 1);
      CHECK(connects[0]["args"] == json::array({4, c.sa(c.port), c.len}));
      CHECK(connects[0]["ret"] == 0);
      auto accepts = select(events, "syscall", "accept");
      REQUIRE(accepts.size() == 1);
      CHECK(accepts[0]["args"] == json::array({3, c.sa(c.port + 1), c.len}));
      CHECK(accepts[0]["ret"] == 5);
      auto sends = select(events, "syscall", "sendto");
      REQUIRE(sends.size() == 1);
      CHECK(sends[0]["args"] == json::array({4, "hello", 5, 0, nullptr, 0}));
      CHECK(sends[0]["ret"] == 5);
      auto recvs = select(events, "syscall", "recvfrom");
      REQUIRE(recvs.size() == 1);
      CHECK(recvs[0]["args"] == json::array({5, "hello", 64, 0, nullptr, nullptr}));
      CHECK(recvs[0]["ret"] == 5);
    }
  }
}

TEST_CASE("UDP sendto/recvfrom show the payload and both addresses", "[net][udp]") {
  SECTION("text") {
    Trace t = clean_trace(run_sysray({"trace", "--", workload("udp_sendrecv"), "3021"}));
    CHECK(missing_in_order(t, t.first_tid(),
                           {"socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3",
                            "bind(3, " + sin4(3021) + ", 16) = 0",
                            "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4",
                            "bind(4, " + sin4(3022) + ", 16) = 0",
                            R"(sendto(4, "ping-sysray", 11, 0, )" + sin4(3021) + ", 16) = 11",
                            R"(recvfrom(3, "ping-sysray", 256, 0, )" + sin4(3022) + ", [128 => 16]) = 11",
                            "close(4) = 0", "close(3) = 0"}) == "");
  }
  SECTION("JSON") {
    auto events = clean_json(run_sysray({"trace", "--json", "--", workload("udp_sendrecv"), "3023"}));
    auto sends = select(events, "syscall", "sendto");
    REQUIRE(sends.size() == 1);
    CHECK(sends[0]["args"] == json::array({4, "ping-sysray", 11, 0, json_sin4(3023), 16}));
    CHECK(sends[0]["ret"] == 11);
    CHECK_FALSE(sends[0].contains("truncated_args"));
    auto recvs = select(events, "syscall", "recvfrom");
    REQUIRE(recvs.size() == 1);
    CHECK(recvs[0]["args"] == json::array({3, "ping-sysray", 256, 0, json_sin4(3024), 16}));
    CHECK(recvs[0]["ret"] == 11);
  }
}

TEST_CASE("trace -s N truncates buffers to N bytes with ...; the default is 32", "[net][options]") {
  const std::string payload = "hello world from sysray, longer than 32 bytes";  // 45 bytes
  const std::string n = std::to_string(payload.size());
  SECTION("default: 32 bytes") {
    Trace t = clean_trace(run_sysray({"trace", "--", workload("udp_sendrecv"), "3025", payload}));
    CHECK(missing_in_order(t, t.first_tid(),
                           {R"(sendto(4, "hello world from sysray, longer "..., )" + n + ", 0, " +
                                sin4(3025) + ", 16) = " + n,
                            R"(recvfrom(3, "hello world from sysray, longer "..., 256, 0, )" +
                                sin4(3026) + ", [128 => 16]) = " + n}) == "");
  }
  SECTION("with -s 5") {
    Trace t = clean_trace(run_sysray({"trace", "-s", "5", "--", workload("udp_sendrecv"), "3027", payload}));
    CHECK(missing_in_order(t, t.first_tid(),
                           {R"(sendto(4, "hello"..., )" + n + ", 0, " + sin4(3027) + ", 16) = " + n,
                            R"(recvfrom(3, "hello"..., 256, 0, )" + sin4(3028) + ", [128 => 16]) = " + n}) ==
          "");
  }
  SECTION("with -s 0: no bytes, like strace -s 0") {
    Trace t = clean_trace(run_sysray({"trace", "-s", "0", "--", workload("udp_sendrecv"), "3033", payload}));
    CHECK(missing_in_order(t, t.first_tid(),
                           {R"(sendto(4, ""..., )" + n + ", 0, " + sin4(3033) + ", 16) = " + n,
                            R"(recvfrom(3, ""..., 256, 0, )" + sin4(3034) + ", [128 => 16]) = " + n}) == "");
  }
  SECTION("with -s 5 with a buffer of exactly 5 bytes: no ...") {
    Trace t = clean_trace(run_sysray({"trace", "-s", "5", "--", workload("tcp_loopback"), "3031"}));
    CHECK(missing_in_order(t, t.first_tid(),
                           {R"(sendto(4, "hello", 5, 0, NULL, 0) = 5)",
                            R"(recvfrom(5, "hello", 64, 0, NULL, NULL) = 5)"}) == "");
  }
  SECTION("with -s 5 --json: the cut strings are listed in truncated_args") {
    auto events = clean_json(
        run_sysray({"trace", "-s", "5", "--json", "--", workload("udp_sendrecv"), "3029", payload}));
    auto sends = select(events, "syscall", "sendto");
    REQUIRE(sends.size() == 1);
    CHECK(sends[0]["args"] == json::array({4, "hello", payload.size(), 0, json_sin4(3029), 16}));
    CHECK(sends[0]["truncated_args"] == json::array({1}));
    auto recvs = select(events, "syscall", "recvfrom");
    REQUIRE(recvs.size() == 1);
    CHECK(recvs[0]["args"] == json::array({3, "hello", 256, 0, json_sin4(3030), 16}));
    CHECK(recvs[0]["truncated_args"] == json::array({1}));
  }
}
