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
#include <deque>
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
  std::optional<uint64_t> bound_ns;   // its successful bind began (CLOCK_MONOTONIC)
  std::vector<StackFrame> bind_stack; // -k: the user stack of that bind
  std::optional<uint64_t> closed_ns;  // set when the fd is closed but the socket is still held
  // What became of it after the call it was named for (SocketTable::follow_up): its fd closed,
  // its process exited (exited without exited_ns: /proc says it is gone, no exit event seen).
  std::optional<uint64_t> later_closed_ns;
  std::optional<uint64_t> exited_ns;
  bool exited = false;
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
  // A socket's last reference goes some time after its close returned (the final fput runs as
  // task work on the way back to user space) or its process's exit began (files are released
  // after the mm): a call that began up to this long after may still have found it bound.
  // 20 ms: under QEMU's TCG, 5 ms was not enough.
  static constexpr uint64_t kReleaseSlackNs = 20'000'000;

  void apply(const SocketEvent& ev);
  // A socket found at start (/proc scan); replaces what is known for (pid, fd).
  void add_existing(OwnedSocket s);

  // Sockets of `proto` whose local address conflicts with `local` (same port, equal or wildcard
  // address) when the call `failed` began, other than its own socket: the open and
  // closed-but-held ones; without any, the one released last (closed, process ended) if that
  // was late enough — the ring orders records by their exit, and a holder's close can be
  // recorded before the bind it made fail.
  std::vector<OwnedSocket> holders(const std::string& proto, const Endpoint& local,
                                   const SocketEvent& failed) const;

  // Sockets whose successful bind of a conflicting address began after `after_ns` but before
  // `failed` returned, seen since (open, or released no earlier than holders() allows): a bind
  // recorded after the failure it caused, as the ring orders records by their exit.
  std::vector<OwnedSocket> bound_late(const std::string& proto, const Endpoint& local,
                                      const SocketEvent& failed, uint64_t after_ns) const;

  // What became of `s`, a socket holders() returned earlier, in the events applied since: sets
  // later_closed_ns when its fd was closed, exited_ns when its process ended.
  void follow_up(OwnedSocket& s) const;

  const OwnedSocket* find(uint32_t pid, int fd) const;
  size_t open_count() const { return open_.size(); }
  size_t held_count() const { return held_.size(); }

 private:
  OwnedSocket& upsert(const SocketEvent& ev);

  // A process ended: its sockets went with it.
  void exited(uint32_t pid, uint64_t ts_ns);
  void ended(OwnedSocket s, uint64_t released_ns);

  std::map<std::pair<uint32_t, int>, OwnedSocket> open_;  // by (pid, fd)
  std::vector<OwnedSocket> held_;                          // fd closed, socket still referenced
  // Sockets that left the table (closed, or their process ended), newest last, for follow_up.
  struct Ended {
    OwnedSocket socket;
    uint64_t released_ns;  // when its close returned, or its process's exit began
  };
  static constexpr size_t kEndedKept = 4096;
  std::deque<Ended> ended_;
};

}  // namespace sysray::sockets
