// The answer to "who holds this address?" after a bind or listen failed with EADDRINUSE.
//
// The holders come from the socket table as it stood when the failed call was applied: the table
// is replayed in event order, so it is the truth at that moment even when the holder has closed
// the socket or exited by the time anything is printed. /proc is read only for sockets sysray
// never saw (opened before it started, or by processes it does not watch), as the failed call
// arrives. The answer is printed kAnswerDelayNs (100 ms) after the failure arrived (at the end of a ring
// drain), so that what became of each holder in the events that followed it (its close, its
// exit) is told: a test binary that exits right after its port made another one fail.
#pragma once
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sockets/socket_event.h"
#include "sockets/socket_table.h"

namespace sysray::sockets {

struct OwnerQuestion {
  SocketEvent failed;               // the bind or listen refused (its payload left out)
  std::string proto;
  Endpoint local;
  uint64_t asked_ns = 0;            // CLOCK_MONOTONIC at arrival: dates the blocked calls
  std::vector<PortOwner> owners;
  // No socket of the table was bound there when the failure arrived: the owners are a socket
  // released around that time, or /proc's, or none. A bind recorded later may still explain it.
  bool unsettled = false;
};

// The owners with the calls blocked on their socket: matched by inode when both sides know it,
// else (open sockets only) by pid and fd.
std::vector<PortOwner> explain_owners(const std::vector<OwnedSocket>& holders,
                                      const std::vector<InflightCall>& calls);

// Who held the address `failed` asked for: from the table, else from /proc now. `inflight`: the
// calls in flight in the BPF map; calls that began before sysray attached come from /proc.
OwnerQuestion find_owners(const SocketEvent& failed, const SocketTable& table,
                          std::vector<InflightCall> inflight);

// Answers waiting to be completed, with the event lines that came after each.
class PendingOwners {
 public:
  // Long enough for the records that follow a failure to arrive, also under QEMU's TCG, where
  // 30 ms was not.
  static constexpr uint64_t kAnswerDelayNs = 100'000'000;

  using Render = std::function<void(fmt::memory_buffer&, const OwnerQuestion&)>;

  bool empty() const { return pending_.empty(); }
  // Where the next event line goes: `out` when nothing waits, else behind the newest answer.
  fmt::memory_buffer& lines(fmt::memory_buffer& out) {
    return pending_.empty() ? out : pending_.back().after;
  }
  void add(OwnerQuestion q) { pending_.emplace_back().question = std::move(q); }
  // Completes the answers asked before `now_ns` - kAnswerDelayNs (all of them when `all`) from
  // the table (closes and exits applied since) and /proc (a process gone without an exit
  // event), and appends them to `out` in order, each with the lines behind it.
  void release(fmt::memory_buffer& out, const SocketTable& table, const Render& render,
               uint64_t now_ns, bool all);

 private:
  struct Pending {
    OwnerQuestion question;
    fmt::memory_buffer after;
  };
  std::deque<Pending> pending_;
};

}  // namespace sysray::sockets
