#include "sockets/socket_event.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include <fmt/format.h>

#include "sysray/events.h"

namespace sysray::sockets {

std::string_view event_name(EventKind k) {
  switch (k) {
    case EventKind::Socket: return "socket";
    case EventKind::Bind: return "bind";
    case EventKind::Listen: return "listen";
    case EventKind::Connect: return "connect";
    case EventKind::Accept: return "accept";
    case EventKind::Send: return "send";
    case EventKind::Recv: return "recv";
    case EventKind::Close: return "close";
    case EventKind::Exit: return "exit";
  }
  return "?";
}

std::string Endpoint::addr_text() const {
  if (family != AF_INET && family != AF_INET6) return "";
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, addr.data(), text, sizeof(text));
  return text;
}

std::string Endpoint::text() const {
  if (family == AF_INET) return fmt::format("{}:{}", addr_text(), port);
  if (family == AF_INET6) return fmt::format("[{}]:{}", addr_text(), port);
  return "*";
}

bool Endpoint::wildcard_addr() const {
  size_t n = family == AF_INET ? 4 : 16;
  for (size_t i = 0; i < n; ++i)
    if (addr[i]) return false;
  return true;
}

bool Endpoint::same_binding(const Endpoint& o) const {
  if (!family || !o.family || port != o.port || port == 0) return false;
  if (wildcard_addr() && (family == AF_INET6 || o.family == family)) return true;
  if (o.wildcard_addr() && (o.family == AF_INET6 || o.family == family)) return true;
  return family == o.family && addr == o.addr;
}

std::optional<Endpoint> parse_endpoint(std::string_view text, uint16_t port) {
  Endpoint e;
  std::string s(text);
  if (inet_pton(AF_INET, s.c_str(), e.addr.data()) == 1)
    e.family = AF_INET;
  else if (inet_pton(AF_INET6, s.c_str(), e.addr.data()) == 1)
    e.family = AF_INET6;
  else
    return std::nullopt;
  e.port = port;
  return e;
}

uint64_t SocketEvent::bytes() const {
  if ((kind == EventKind::Send || kind == EventKind::Recv) && ret > 0) return uint64_t(ret);
  return 0;
}

std::string proto_name(int sock_type, int protocol) {
  if (protocol == IPPROTO_TCP || (protocol == 0 && sock_type == SOCK_STREAM)) return "tcp";
  if (protocol == IPPROTO_UDP || (protocol == 0 && sock_type == SOCK_DGRAM)) return "udp";
  if (sock_type == SOCK_RAW) return "raw";
  if (protocol == IPPROTO_SCTP) return "sctp";
  return fmt::format("proto {}", protocol);
}

namespace {

Endpoint endpoint(int family, const uint8_t* addr, uint16_t port) {
  Endpoint e;
  e.family = family;
  std::memcpy(e.addr.data(), addr, family == AF_INET ? 4 : 16);
  e.port = port;
  return e;
}

}  // namespace

std::optional<SocketEvent> parse_socket_record(const void* data, size_t size, std::string* error) {
  sr_socket_record r;
  if (size < sizeof(r)) {
    if (error) *error = fmt::format("{} bytes, less than a socket record ({})", size, sizeof(r));
    return std::nullopt;
  }
  std::memcpy(&r, data, sizeof(r));
  bool inet = r.id.family == AF_INET || r.id.family == AF_INET6;
  if (r.type != SR_REC_SOCKET || r.event < SR_SOCK_SOCKET || r.event > SR_SOCK_EVENT_LAST ||
      (r.event == SR_SOCK_EXIT ? r.id.family != 0 : !inet)) {
    if (error) *error = fmt::format("type {} event {} family {}", r.type, r.event, r.id.family);
    return std::nullopt;
  }
  if (r.payload_len > SR_SOCK_PAYLOAD_MAX || sizeof(r) + r.payload_len > size) {
    if (error) *error = fmt::format("payload of {} bytes in a {}-byte record", r.payload_len, size);
    return std::nullopt;
  }
  SocketEvent ev;
  ev.kind = static_cast<EventKind>(r.event);
  ev.nr = r.nr;
  ev.ts_ns = r.ts_ns;
  ev.dur_ns = r.dur_ns;
  ev.pid = r.pid;
  ev.tid = r.tid;
  ev.comm.assign(r.comm, strnlen(r.comm, sizeof(r.comm)));
  ev.ret = r.ret;
  ev.fd = r.fd;
  ev.family = r.id.family;
  ev.sock_type = r.id.sock_type;
  ev.protocol = r.id.protocol;
  if (inet) {
    ev.local = endpoint(r.id.family, r.id.laddr, r.id.lport);
    ev.remote = endpoint(r.id.family, r.id.raddr, r.id.rport);
  }
  ev.refs = r.refs;
  ev.ino = r.ino;
  ev.payload.assign(static_cast<const char*>(data) + sizeof(r), r.payload_len);
  ev.payload_full = r.payload_full;
  ev.stack_id = r.stack_id;
  return ev;
}

}  // namespace sysray::sockets
