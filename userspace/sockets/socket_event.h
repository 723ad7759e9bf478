// One socket event as userspace sees it: parsed from a struct sr_socket_record (bpf/sockets.bpf.c),
// whatever backend produced it.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/stack_frame.h"

namespace sysray::sockets {

// Exit: the last thread of a watched process ended (its sockets went with it); it names no
// socket and is not printed, only applied to the port table.
enum class EventKind { Socket = 1, Bind, Listen, Connect, Accept, Send, Recv, Close, Exit };
// "socket", "bind", ..., "close" (the JSON "event" values).
std::string_view event_name(EventKind k);

// An IPv4 or IPv6 address and port. IPv4 addresses sit in the first 4 bytes of `addr`.
struct Endpoint {
  int family = 0;                 // AF_INET / AF_INET6; 0 = none
  std::array<uint8_t, 16> addr{};
  uint16_t port = 0;

  std::string addr_text() const;  // "127.0.0.1", "::1"; "" without a family
  // "127.0.0.1:3101", "[::1]:3101"; "*" for no family
  std::string text() const;
  bool wildcard_addr() const;     // 0.0.0.0 or ::
  // Two local addresses conflict for bind() when the ports match and one is a wildcard or they
  // are equal (IPv6 :: also covers IPv4 unless IPV6_V6ONLY, which is not visible here).
  bool same_binding(const Endpoint& other) const;
  bool operator==(const Endpoint& o) const = default;
  auto operator<=>(const Endpoint& o) const = default;
};

// "127.0.0.1" / "::1" → Endpoint; nullopt if it is neither.
std::optional<Endpoint> parse_endpoint(std::string_view addr, uint16_t port);

struct SocketEvent {
  EventKind kind = EventKind::Socket;
  uint32_t nr = 0;                // syscall number (syscalls backend), for naming
  uint64_t ts_ns = 0;             // CLOCK_MONOTONIC at enter
  uint64_t dur_ns = 0;
  uint32_t pid = 0, tid = 0;
  std::string comm;
  int64_t ret = 0;
  int fd = -1;
  int family = 0, sock_type = 0, protocol = 0;
  Endpoint local, remote;
  uint32_t refs = 0;              // close: file references before the close
  uint64_t ino = 0;               // socket inode
  std::string payload;            // --payload bytes
  uint32_t payload_full = 0;      // bytes the call moved
  uint32_t stack_id = 0;          // -k: the stack record sent before this one (0: none)
  std::vector<StackFrame> stack;  // -k: its frames, innermost first, once unwound

  bool failed() const { return ret < 0 && ret >= -4095; }
  int error() const { return failed() ? int(-ret) : 0; }
  // Bytes moved by a send or recv that succeeded, else 0.
  uint64_t bytes() const;
};

// "tcp", "udp", or for others "raw", "sctp", "proto N".
std::string proto_name(int sock_type, int protocol);

// Parses one ring record; nullopt (and `*error`) when it is malformed.
std::optional<SocketEvent> parse_socket_record(const void* data, size_t size, std::string* error);

}  // namespace sysray::sockets
