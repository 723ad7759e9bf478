// `sysray sockets` output: event lines, the port-owner explanation, the summary, /proc parsing.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include <nlohmann/json.hpp>

#include "sockets/proc_sockets.h"
#include "sockets/socket_summary.h"
#include "render_buffer.h"
#include "sockets/sockets_format.h"

using namespace sysray::sockets;
using sysray::test::render;

namespace {

constexpr int64_t kSec = 1'000'000'000;

FormatOptions options(bool payload = false) {
  setenv("TZ", "UTC", 1);
  tzset();
  FormatOptions o;
  o.realtime_offset_ns = 1700000000 * kSec;  // 2023-11-14 22:13:20 UTC at monotonic 0
  o.backend = "syscalls";
  o.payload = payload;
  o.syscall_name = [](uint32_t nr) { return nr == 45 ? std::string("recvfrom") : std::string(); };
  return o;
}

SocketEvent failed_bind() {
  SocketEvent ev;
  ev.kind = EventKind::Bind;
  ev.ts_ns = 5 * kSec + 250000000;
  ev.pid = 4242;
  ev.tid = 4243;
  ev.comm = "rebind";
  ev.fd = 3;
  ev.ret = -98;
  ev.family = AF_INET;
  ev.sock_type = SOCK_DGRAM;
  ev.local = *parse_endpoint("127.0.0.1", 3131);
  ev.remote = Endpoint{AF_INET, {}, 0};
  return ev;
}


}  // namespace

TEST_CASE("sockets text: one line per event", "[sockets]") {
  auto o = options();
  auto ev = failed_bind();
  CHECK(render([&](auto& b) { append_event_text(b, ev, o); }) ==
        "22:13:25.250000 rebind 4242/4243 bind udp fd=3 127.0.0.1:3131 -> * = -1 EADDRINUSE "
        "(Address already in use)\n");
  ev.kind = EventKind::Send;
  ev.ret = 5;
  ev.remote = *parse_endpoint("127.0.0.1", 40000);
  ev.payload = "wake";
  ev.payload_full = 5;
  CHECK(render([&](auto& b) { append_event_text(b, ev, o); }) ==
        "22:13:25.250000 rebind 4242/4243 send udp fd=3 127.0.0.1:3131 -> 127.0.0.1:40000 = 5\n");
  o.payload = true;
  CHECK(render([&](auto& b) { append_event_text(b, ev, o); }) ==
        "22:13:25.250000 rebind 4242/4243 send udp fd=3 127.0.0.1:3131 -> 127.0.0.1:40000 = 5 "
        "data=\"wake\"...\n");
}

TEST_CASE("sockets JSON: fields, errno only on failure, payload only when asked", "[sockets]") {
  auto o = options();
  auto j = nlohmann::json::parse(render([&](auto& b) { append_event_json(b, failed_bind(), o); }));
  CHECK(j == nlohmann::json::parse(
                 R"({"type":"socket","event":"bind","ts_ns":1700000005250000000,"pid":4242,)"
                 R"("tid":4243,"comm":"rebind","fd":3,"proto":"udp",)"
                 R"("local":{"addr":"127.0.0.1","port":3131},"remote":{"addr":"0.0.0.0","port":0},)"
                 R"("bytes":0,"ret":-1,"errno":"EADDRINUSE","dur_ns":0,"backend":"syscalls"})"));
  auto ev = failed_bind();
  ev.kind = EventKind::Recv;
  ev.ret = 2;
  ev.payload = "\x01z";
  ev.payload_full = 2;
  j = nlohmann::json::parse(render([&](auto& b) { append_event_json(b, ev, o); }));
  CHECK_FALSE(j.contains("errno"));
  CHECK_FALSE(j.contains("payload"));
  CHECK(j["bytes"] == 2);
  o.payload = true;
  j = nlohmann::json::parse(render([&](auto& b) { append_event_json(b, ev, o); }));
  CHECK(j["payload"] == "\x01z");
  CHECK(j["payload_truncated"] == false);
}

namespace {

// pid 4242's fd 3, a UDP socket bound to 127.0.0.1:port.
OwnedSocket udp_holder(const char* comm, uint16_t port) {
  OwnedSocket s;
  s.pid = 4242;
  s.comm = comm;
  s.fd = 3;
  s.proto = "udp";
  s.local = *parse_endpoint("127.0.0.1", port);
  return s;
}

}  // namespace

TEST_CASE("sockets: the port owner, blocked call and duration", "[sockets]") {
  auto o = options();
  OwnedSocket s = udp_holder("rebind", 3131);
  s.ino = 77;
  s.since_ns = 5 * kSec;
  s.closed_ns = 5 * kSec + 200000000;
  PortOwner owner{s, {InflightCall{4242, 4244, 45, 3, 77, 5 * kSec + 1000000}}};
  uint64_t now = 5 * kSec + 513000000;
  auto local = *parse_endpoint("127.0.0.1", 3131);
  CHECK(render([&](auto& b) { append_owners_text(b, "udp", local, {owner}, now, o); }) ==
        "  held by rebind 4242 fd=3 127.0.0.1:3131/udp since 22:13:25.000000, fd closed at "
        "22:13:25.200000 (socket still referenced); tid 4244 blocked in recvfrom(fd=3) for "
        "0.512s\n");
  auto j = nlohmann::json::parse(
      render([&](auto& b) { append_owners_json(b, "udp", local, {owner}, now, o); }));
  CHECK(j["type"] == "port_owner");
  CHECK(j["pid"] == 4242);
  CHECK(j["fd"] == 3);
  CHECK(j["fd_closed"] == true);
  CHECK(j["since_ns"] == 1700000005000000000);
  CHECK(j["blocked"] == nlohmann::json::parse(
                            R"([{"tid":4244,"syscall":"recvfrom","fd":3,"dur_ns":512000000}])"));
  // Nobody: one line / a null pid.
  CHECK(render([&](auto& b) { append_owners_text(b, "udp", local, {}, now, o); }) ==
        "  held by: no process sysray can see holds 127.0.0.1:3131/udp\n");
  CHECK(render([&](auto& b) { append_owners_json(b, "udp", local, {}, now, o); }) ==
        "{\"type\":\"port_owner\",\"proto\":\"udp\",\"addr\":\"127.0.0.1\",\"port\":3131,"
        "\"pid\":null}\n");
  // Opened before sysray; a call /proc found (no start time).
  owner.socket.since_ns.reset();
  owner.socket.closed_ns.reset();
  owner.blocked[0].since_ns.reset();
  CHECK(render([&](auto& b) { append_owners_text(b, "udp", local, {owner}, now, o); }) ==
        "  held by rebind 4242 fd=3 127.0.0.1:3131/udp since before sysray started; tid 4244 "
        "blocked in recvfrom(fd=3) since before sysray started\n");
}

TEST_CASE("sockets: what became of the port owner after the failure", "[sockets]") {
  auto o = options();
  OwnedSocket s = udp_holder("a.test", 3001);
  s.since_ns = 5 * kSec;
  auto local = s.local;
  auto text = [&](const OwnedSocket& holder) {
    return render([&](auto& b) { append_owners_text(b, "udp", local, {{holder, {}}}, 0, o); });
  };
  auto json = [&](const OwnedSocket& holder) {
    return nlohmann::json::parse(
        render([&](auto& b) { append_owners_json(b, "udp", local, {{holder, {}}}, 0, o); }));
  };
  const std::string head =
      "  held by a.test 4242 fd=3 127.0.0.1:3001/udp since 22:13:25.000000; no thread is "
      "blocked on it";
  CHECK(text(s) == head + "\n");
  CHECK(json(s)["closed_since_ns"] == nullptr);
  CHECK(json(s)["exited_since"] == false);
  CHECK(json(s)["exited_since_ns"] == nullptr);

  OwnedSocket closed = s;
  closed.later_closed_ns = 5 * kSec + 1000;
  CHECK(text(closed) == head + "; closed since, at 22:13:25.000001\n");
  CHECK(json(closed)["closed_since_ns"] == 1700000005000001000);

  OwnedSocket exited = s;
  exited.exited = true;
  exited.exited_ns = 6 * kSec;
  CHECK(text(exited) == head + "; process exited since, at 22:13:26.000000\n");
  CHECK(json(exited)["exited_since"] == true);
  CHECK(json(exited)["exited_since_ns"] == 1700000006000000000);

  // Gone from /proc without an exit event: no time to tell.
  exited.exited_ns.reset();
  CHECK(text(exited) == head + "; process exited since\n");
  CHECK(json(exited)["exited_since_ns"] == nullptr);
}

TEST_CASE("sockets summary: per process and peer", "[sockets]") {
  SocketSummary sum;
  auto ev = failed_bind();
  sum.add(ev);  // an error with no peer
  ev.kind = EventKind::Connect;
  ev.ret = 0;
  ev.remote = *parse_endpoint("127.0.0.1", 3101);
  sum.add(ev);
  ev.kind = EventKind::Send;
  ev.ret = 5;
  sum.add(ev);
  sum.add(ev);
  ev.kind = EventKind::Recv;
  ev.ret = -EAGAIN;  // a non-blocking read with nothing there yet: no error
  sum.add(ev);
  ev.kind = EventKind::Socket;
  ev.ret = 3;
  ev.remote = Endpoint{AF_INET, {}, 0};
  sum.add(ev);  // nothing to count
  auto rows = sum.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].remote.family == 0);
  CHECK(rows[0].errors == 1);
  CHECK(rows[1].connects == 1);
  CHECK(rows[1].bytes_sent == 10);
  CHECK(rows[1].errors == 0);
  CHECK(rows[1].would_block == 1);
  auto json = render([&](auto& b) { append_summary_json(b, rows); });
  CHECK(json ==
        "{\"type\":\"socket_summary\",\"pid\":4242,\"comm\":\"rebind\",\"proto\":\"udp\","
        "\"remote\":null,\"connects\":0,\"accepts\":0,\"bytes_sent\":0,\"bytes_received\":0,"
        "\"errors\":1,\"would_block\":0}\n"
        "{\"type\":\"socket_summary\",\"pid\":4242,\"comm\":\"rebind\",\"proto\":\"udp\","
        "\"remote\":{\"addr\":\"127.0.0.1\",\"port\":3101},\"connects\":1,\"accepts\":0,"
        "\"bytes_sent\":10,\"bytes_received\":0,\"errors\":0,\"would_block\":1}\n");
  CHECK(render([&](auto& b) { append_summary_text(b, rows); }).find(" ERRORS EAGAIN\n") !=
        std::string::npos);
}

TEST_CASE("/proc/net lines and fd links parse", "[sockets]") {
  auto e = parse_proc_net_line(
      "   0: 0100007F:0C3B 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 "
      "123456 2 0000000000000000 0",
      AF_INET);
  REQUIRE(e);
  CHECK(e->local.text() == "127.0.0.1:3131");
  CHECK(e->remote.text() == "0.0.0.0:0");
  CHECK(e->state == 7);
  CHECK(e->ino == 123456);
  auto e6 = parse_proc_net_line(
      "   1: 00000000000000000000000001000000:0C1E 00000000000000000000000000000000:0000 0A "
      "00000000:00000000 00:00000000 00000000     0        0 999 1 0000000000000000 100 0 0 10 0",
      AF_INET6);
  REQUIRE(e6);
  CHECK(e6->local.text() == "[::1]:3102");
  CHECK(e6->state == 10);
  CHECK_FALSE(parse_proc_net_line("  sl  local_address rem_address   st", AF_INET));
  CHECK(socket_inode_of_link("socket:[4242]") == 4242u);
  CHECK_FALSE(socket_inode_of_link("pipe:[4242]"));
  CHECK_FALSE(socket_inode_of_link("socket:[]"));
}

TEST_CASE("sockets -k: frames under each event, the holder's bind under 'held by'", "[sockets]") {
  auto o = options();
  o.stacks = true;
  sysray::StackFrame bind_frame{0x7f000010a787, "/usr/lib/x86_64-linux-gnu/libc.so.6", 0x10a787, "bind", 7, "", 0};
  sysray::StackFrame caller{0x5555000013b0, "/usr/bin/app", 0x13b0, "take_port()", 0x30, "", 0};
  auto ev = failed_bind();
  ev.stack = {bind_frame, caller};
  CHECK(render([&](auto& b) { append_event_text(b, ev, o); }) ==
        "22:13:25.250000 rebind 4242/4243 bind udp fd=3 127.0.0.1:3131 -> * = -1 EADDRINUSE "
        "(Address already in use)\n"
        " > /usr/lib/x86_64-linux-gnu/libc.so.6(bind+0x7) [0x10a787]\n"
        " > /usr/bin/app(take_port()+0x30) [0x13b0]\n");
  auto j = nlohmann::json::parse(render([&](auto& b) { append_event_json(b, ev, o); }));
  REQUIRE(j["stack"].size() == 2);
  CHECK(j["stack"][1]["symbol"] == "take_port()");

  OwnedSocket s = udp_holder("app", 3131);
  s.since_ns = 5 * kSec;
  s.bind_stack = {bind_frame, caller};
  PortOwner owner{s, {}};
  auto local = *parse_endpoint("127.0.0.1", 3131);
  CHECK(render([&](auto& b) { append_owners_text(b, "udp", local, {owner}, 6 * kSec, o); }) ==
        "  held by app 4242 fd=3 127.0.0.1:3131/udp since 22:13:25.000000; no thread is blocked "
        "on it\n"
        "  its bind:\n"
        " > /usr/lib/x86_64-linux-gnu/libc.so.6(bind+0x7) [0x10a787]\n"
        " > /usr/bin/app(take_port()+0x30) [0x13b0]\n");
  auto oj = nlohmann::json::parse(render([&](auto& b) { append_owners_json(b, "udp", local, {owner}, 6 * kSec, o); }));
  REQUIRE(oj["bind_stack"].size() == 2);
  CHECK(oj["bind_stack"][0]["symbol"] == "bind");
  // A holder whose bind sysray did not see: no frames in text, null in JSON.
  owner.socket.bind_stack.clear();
  CHECK(render([&](auto& b) { append_owners_text(b, "udp", local, {owner}, 6 * kSec, o); }).find("its bind") ==
        std::string::npos);
  oj = nlohmann::json::parse(render([&](auto& b) { append_owners_json(b, "udp", local, {owner}, 6 * kSec, o); }));
  CHECK(oj["bind_stack"].is_null());
}
