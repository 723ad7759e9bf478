// The socket table behind `sysray sockets`' EADDRINUSE explanation, and the record parser.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include <fmt/format.h>
#include <vector>

#include "sockets/port_owners.h"
#include "sockets/socket_event.h"
#include "sockets/socket_table.h"
#include "sysray/events.h"

using namespace sysray::sockets;

namespace {

Endpoint v4(const char* addr, uint16_t port) { return *parse_endpoint(addr, port); }

SocketEvent event(EventKind kind, int fd, int64_t ret, uint64_t ts, uint64_t ino,
                  Endpoint local = {}, uint32_t tid = 100) {
  SocketEvent ev;
  ev.kind = kind;
  ev.pid = 100;
  ev.tid = tid;
  ev.comm = "srv";
  ev.fd = fd;
  ev.ret = ret;
  ev.ts_ns = ts;
  ev.ino = ino;
  ev.family = AF_INET;
  ev.sock_type = SOCK_DGRAM;
  ev.local = local.family ? local : Endpoint{AF_INET, {}, 0};
  ev.remote = Endpoint{AF_INET, {}, 0};
  return ev;
}

// The bind that failed with EADDRINUSE, entered at `ts`.
SocketEvent failed_bind(int fd, uint64_t ts, Endpoint local, uint32_t pid = 100) {
  SocketEvent ev = event(EventKind::Bind, fd, -EADDRINUSE, ts, 0, local);
  ev.pid = pid;
  return ev;
}

// The last thread of `pid` ended at `ts`.
SocketEvent exit_event(uint32_t pid, uint64_t ts) {
  SocketEvent ev;
  ev.kind = EventKind::Exit;
  ev.pid = pid;
  ev.ts_ns = ts;
  return ev;
}

}  // namespace

TEST_CASE("endpoints: text, wildcard and bind conflicts", "[sockets]") {
  CHECK(v4("127.0.0.1", 3101).text() == "127.0.0.1:3101");
  CHECK(parse_endpoint("::1", 3101)->text() == "[::1]:3101");
  CHECK(Endpoint{}.text() == "*");
  CHECK_FALSE(parse_endpoint("localhost", 1));
  CHECK(v4("0.0.0.0", 3101).wildcard_addr());
  CHECK(v4("127.0.0.1", 3101).same_binding(v4("127.0.0.1", 3101)));
  CHECK(v4("0.0.0.0", 3101).same_binding(v4("127.0.0.1", 3101)));
  CHECK(v4("127.0.0.1", 3101).same_binding(v4("0.0.0.0", 3101)));
  CHECK_FALSE(v4("127.0.0.1", 3101).same_binding(v4("127.0.0.2", 3101)));
  CHECK_FALSE(v4("127.0.0.1", 3101).same_binding(v4("127.0.0.1", 3102)));
  CHECK(parse_endpoint("::", 3101)->same_binding(v4("127.0.0.1", 3101)));  // dual-stack ::
  CHECK_FALSE(v4("0.0.0.0", 0).same_binding(v4("0.0.0.0", 0)));            // port 0 is no binding
}

TEST_CASE("socket table: a socket closed under a blocked recvfrom still holds its port",
          "[sockets]") {
  SocketTable t;
  t.apply(event(EventKind::Socket, 3, 3, 1000, 77));
  t.apply(event(EventKind::Bind, 3, 0, 2000, 77, v4("127.0.0.1", 3131)));
  REQUIRE(t.find(100, 3));
  CHECK(t.find(100, 3)->local.text() == "127.0.0.1:3131");
  CHECK(t.find(100, 3)->since_ns == 1000u);

  auto close = event(EventKind::Close, 3, 0, 5000, 77, v4("127.0.0.1", 3131));
  close.refs = 2;  // the reader's fdget holds the other reference
  t.apply(close);
  CHECK(t.open_count() == 0);
  CHECK(t.held_count() == 1);

  // The new socket gets fd 3 again; its failed bind must not hide the old one.
  t.apply(event(EventKind::Socket, 3, 3, 6000, 88));
  t.apply(event(EventKind::Bind, 3, -EADDRINUSE, 7000, 88, v4("127.0.0.1", 3131)));
  auto holders = t.holders("udp", v4("127.0.0.1", 3131), failed_bind(3, 7000, v4("127.0.0.1", 3131)));
  REQUIRE(holders.size() == 1);
  CHECK(holders[0].ino == 77);
  CHECK(holders[0].closed_ns == 5000u);
  CHECK(t.holders("tcp", v4("127.0.0.1", 3131), failed_bind(3, 7000, v4("127.0.0.1", 3131))).empty());

  InflightCall reader{100, 101, 45, 3, 77, 3000};
  InflightCall other_fd{100, 102, 45, 3, 99, 3500};   // fd 3 reused: another inode
  InflightCall other_pid{200, 201, 45, 3, 77, 3500};
  auto owners = explain_owners(holders, {other_fd, reader, other_pid});
  REQUIRE(owners.size() == 1);
  REQUIRE(owners[0].blocked.size() == 1);
  CHECK(owners[0].blocked[0].tid == 101);

  // The recvfrom returns: the last reference is gone, and so is the binding.
  t.apply(event(EventKind::Recv, 3, 5, 3000, 77, v4("127.0.0.1", 3131), 101));
  CHECK(t.held_count() == 0);
  CHECK(t.holders("udp", v4("127.0.0.1", 3131), failed_bind(3, 7000, v4("127.0.0.1", 3131))).empty());
}

TEST_CASE("socket table: a plain close forgets the socket; accept and implicit binds", "[sockets]") {
  SocketTable t;
  t.apply(event(EventKind::Socket, 4, 4, 1000, 5));
  auto send = event(EventKind::Send, 4, 11, 2000, 5, v4("0.0.0.0", 42764));
  t.apply(send);
  CHECK(t.find(100, 4)->local.port == 42764);  // the port the kernel picked at sendto
  auto close = event(EventKind::Close, 4, 0, 3000, 5);
  close.refs = 1;
  t.apply(close);
  CHECK(t.open_count() == 0);
  CHECK(t.held_count() == 0);

  auto accepted = event(EventKind::Accept, 6, 6, 4000, 9, v4("127.0.0.1", 3101));
  accepted.remote = v4("127.0.0.1", 40000);
  t.apply(accepted);
  REQUIRE(t.find(100, 6));
  CHECK(t.find(100, 6)->remote.port == 40000);
  // A failed socket() or accept adds nothing.
  t.apply(event(EventKind::Socket, -1, -EMFILE, 5000, 0));
  CHECK(t.open_count() == 1);
}

TEST_CASE("socket table: sockets found at start, pruning, fd matching without inode", "[sockets]") {
  SocketTable t;
  OwnedSocket s;
  s.pid = 300;
  s.comm = "old";
  s.fd = 7;
  s.proto = "tcp";
  s.local = v4("0.0.0.0", 3150);
  s.listening = true;
  t.add_existing(s);
  auto holders = t.holders("tcp", v4("127.0.0.1", 3150), failed_bind(3, 7000, v4("127.0.0.1", 3150)));
  REQUIRE(holders.size() == 1);
  CHECK_FALSE(holders[0].since_ns);
  // /proc knows the fd a thread is blocked on, not the inode.
  auto owners = explain_owners(holders, {InflightCall{300, 301, 43, 7, 0, std::nullopt},
                                         InflightCall{300, 302, 7, 8, 0, std::nullopt}});
  REQUIRE(owners[0].blocked.size() == 1);
  CHECK(owners[0].blocked[0].tid == 301);
  t.apply(exit_event(300, 9000));
  CHECK(t.open_count() == 0);
}

TEST_CASE("socket table: the holder at the failed call, and what became of it", "[sockets]") {
  const Endpoint port = v4("127.0.0.1", 3001);
  SocketTable t;
  t.apply(event(EventKind::Socket, 3, 3, 1000, 77));
  t.apply(event(EventKind::Bind, 3, 0, 2000, 77, port));

  SECTION("closed after the failure: named, then followed up with its close") {
    auto failed = failed_bind(4, 3000, port);
    auto holders = t.holders("udp", port, failed);
    REQUIRE(holders.size() == 1);
    t.follow_up(holders[0]);
    CHECK_FALSE(holders[0].later_closed_ns);
    auto close = event(EventKind::Close, 3, 0, 4000, 77, port);
    close.refs = 1;
    t.apply(close);
    t.follow_up(holders[0]);
    CHECK(holders[0].later_closed_ns == 4000u);
    CHECK_FALSE(holders[0].exited);
  }
  SECTION("its process ended after the failure: followed up with the exit") {
    auto holders = t.holders("udp", port, failed_bind(4, 3000, port, 200));
    REQUIRE(holders.size() == 1);
    t.apply(exit_event(100, 5000));
    CHECK(t.open_count() == 0);
    t.follow_up(holders[0]);
    CHECK(holders[0].exited);
    CHECK(holders[0].exited_ns == 5000u);
    // A later bind of the same port fails because of someone else: the exited socket is no holder.
    CHECK(t.holders("udp", port, failed_bind(4, 5001 + SocketTable::kReleaseSlackNs, port, 200))
              .empty());
  }
  SECTION("the close was recorded before the bind it made fail: still the holder") {
    // The close entered at 2500 and returned at 2600; the bind that failed entered at 2550.
    auto close = event(EventKind::Close, 3, 0, 2500, 77, port);
    close.refs = 1;
    close.dur_ns = 100;
    t.apply(close);
    auto holders = t.holders("udp", port, failed_bind(3, 2550, port, 200));
    REQUIRE(holders.size() == 1);
    CHECK(holders[0].pid == 100);
    CHECK(holders[0].later_closed_ns == 2500u);
    // A bind that began well after the close had returned was not refused by that socket.
    CHECK(t.holders("udp", port, failed_bind(3, 2600 + SocketTable::kReleaseSlackNs, port, 200))
              .size() == 1);
    CHECK(t.holders("udp", port, failed_bind(3, 2601 + SocketTable::kReleaseSlackNs, port, 200))
              .empty());
  }
}

TEST_CASE("socket table: a holder's bind recorded after the failure it caused", "[sockets]") {
  // The ring orders records by their exit: the holder closed its socket, opened a new one on the
  // same fd and bound it; the other process's bind failed because of the new one, and its
  // record came before that bind's.
  const Endpoint port = v4("127.0.0.1", 3001);
  SocketTable t;
  t.apply(event(EventKind::Socket, 3, 3, 1000, 77));
  t.apply(event(EventKind::Bind, 3, 0, 2000, 77, port));
  auto close = event(EventKind::Close, 3, 0, 3000, 77, port);
  close.refs = 1;
  close.dur_ns = 10;
  t.apply(close);
  t.apply(event(EventKind::Socket, 3, 3, 3400, 78));
  auto failed = failed_bind(4, 3500, port, 200);
  failed.dur_ns = 100;

  OwnerQuestion q;
  q.failed = failed;
  q.proto = "udp";
  q.local = port;
  auto holders = t.holders("udp", port, failed);
  REQUIRE(holders.size() == 1);
  CHECK(holders[0].since_ns == 1000u);  // the socket released just before: doubtful
  q.owners = explain_owners(holders, {});
  q.unsettled = true;

  t.apply(event(EventKind::Bind, 3, 0, 3450, 78, port));  // began before the failure returned
  auto late = t.bound_late("udp", port, failed, 3000);
  REQUIRE(late.size() == 1);
  CHECK(late[0].since_ns == 3400u);
  CHECK(t.bound_late("udp", port, failed, 3450).empty());  // bound before `after`: not late

  PendingOwners pending;
  fmt::memory_buffer out;
  pending.add(q);
  std::vector<OwnedSocket> answered;
  pending.release(out, t, [&](fmt::memory_buffer&, const OwnerQuestion& a) {
    for (const auto& o : a.owners) answered.push_back(o.socket);
  }, 0, true);
  REQUIRE(answered.size() == 1);
  CHECK(answered[0].since_ns == 3400u);
  CHECK(answered[0].bound_ns == 3450u);
  CHECK_FALSE(answered[0].later_closed_ns);
}

TEST_CASE("socket records parse; malformed ones are refused", "[sockets]") {
  std::vector<uint8_t> bytes(sizeof(sr_socket_record) + 4);
  sr_socket_record r{};
  r.type = SR_REC_SOCKET;
  r.event = SR_SOCK_SEND;
  r.pid = 10;
  r.tid = 11;
  std::memcpy(r.comm, "client", 6);
  r.ret = 4;
  r.fd = 4;
  r.id.family = AF_INET6;
  r.id.sock_type = SOCK_STREAM;
  r.id.protocol = IPPROTO_TCP;
  r.id.lport = 40000;
  r.id.rport = 3101;
  r.id.laddr[15] = 1;
  r.id.raddr[15] = 1;
  r.payload_len = 4;
  r.payload_full = 4;
  std::memcpy(bytes.data(), &r, sizeof(r));
  std::memcpy(bytes.data() + sizeof(r), "ping", 4);
  std::string error;
  auto ev = parse_socket_record(bytes.data(), bytes.size(), &error);
  REQUIRE(ev);
  CHECK(ev->kind == EventKind::Send);
  CHECK(ev->comm == "client");
  CHECK(ev->local.text() == "[::1]:40000");
  CHECK(ev->remote.text() == "[::1]:3101");
  CHECK(ev->payload == "ping");
  CHECK(ev->bytes() == 4);
  CHECK(proto_name(ev->sock_type, ev->protocol) == "tcp");

  CHECK_FALSE(parse_socket_record(bytes.data(), sizeof(r) + 3, &error));  // payload cut
  CHECK(error == "payload of 4 bytes in a " + std::to_string(sizeof(r) + 3) + "-byte record");
  CHECK_FALSE(parse_socket_record(bytes.data(), 10, &error));
  r.event = SR_SOCK_EVENT_LAST + 1;
  std::memcpy(bytes.data(), &r, sizeof(r));
  CHECK_FALSE(parse_socket_record(bytes.data(), bytes.size(), &error));
  CHECK(error == fmt::format("type {} event {} family {}", int(SR_REC_SOCKET),
                             SR_SOCK_EVENT_LAST + 1, AF_INET6));

  // A process exit names no socket: family 0 is right there, and only there.
  r.event = SR_SOCK_EXIT;
  r.payload_len = 0;
  std::memcpy(bytes.data(), &r, sizeof(r));
  CHECK_FALSE(parse_socket_record(bytes.data(), sizeof(r), &error));
  r.id = {};
  std::memcpy(bytes.data(), &r, sizeof(r));
  ev = parse_socket_record(bytes.data(), sizeof(r), &error);
  REQUIRE(ev);
  CHECK(ev->kind == EventKind::Exit);
  CHECK(ev->pid == 10);
  CHECK(ev->local.family == 0);
}
