// The targets' live sockets, kept from the event stream (and, with -p, from /proc at start), to
// answer "who holds this address?" when a bind or listen fails with EADDRINUSE.
//
// A socket whose fd was closed while another reference to the file remained (close saw more
// than one reference: typically a thread blocked in recvfrom on it) stays bound, so it stays in
// the table as "closed but held" until a call on that socket returns (its inode shows up in a
// later event): the blocked call's return drops the last reference.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sockets/socket_event.h"

namespace sysray::sockets {

struct OwnedSocket {
  uint32_t pid = 0;
  std::string comm;
  int fd = -1;
  uint64_t ino = 0;                   // 0 when unknown
  std::string proto;                  // "tcp", "udp"
  Endpoint local, remote;
  bool listening = false;
  std::optional<uint64_t> since_ns;   // CLOCK_MONOTONIC; nullopt: opened before sysray started
  std::optional<uint64_t> closed_ns;  // set when the fd is closed but the socket is still held
};

// A syscall in flight in some thread (from the BPF `inflight` map or /proc/PID/task/*/syscall).
struct InflightCall {
  uint32_t pid = 0, tid = 0;
  uint32_t nr = 0;
  int fd = -1;
  uint64_t ino = 0;                   // 0 when unknown (/proc)
  std::optional<uint64_t> since_ns;   // CLOCK_MONOTONIC; nullopt when unknown (/proc)
};

struct PortOwner {
  OwnedSocket socket;
  std::vector<InflightCall> blocked;  // calls of the owner's threads on that socket
};

class SocketTable {
 public:
  void apply(const SocketEvent& ev);
  // A socket found at start (/proc scan); replaces what is known for (pid, fd).
  void add_existing(OwnedSocket s);

  // Sockets of `proto` whose local address conflicts with `local` (same port, equal or wildcard
  // address), other than (except_pid, except_fd), open or closed-but-held.
  std::vector<OwnedSocket> holders(const std::string& proto, const Endpoint& local,
                                   uint32_t except_pid, int except_fd) const;

  // Drops table entries for which `still_there` says no (process gone, fd reused).
  void prune(const std::function<bool(const OwnedSocket&)>& still_there);

  const OwnedSocket* find(uint32_t pid, int fd) const;
  size_t open_count() const { return open_.size(); }
  size_t held_count() const { return held_.size(); }

 private:
  OwnedSocket& upsert(const SocketEvent& ev);

  std::map<std::pair<uint32_t, int>, OwnedSocket> open_;  // by (pid, fd)
  std::vector<OwnedSocket> held_;                          // fd closed, socket still referenced
};

// The owners with the calls blocked on their socket: matched by inode when both sides know it,
// else (open sockets only) by pid and fd.
std::vector<PortOwner> explain_owners(const std::vector<OwnedSocket>& holders,
                                      const std::vector<InflightCall>& calls);

}  // namespace sysray::sockets
