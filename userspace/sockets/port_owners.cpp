#include "sockets/port_owners.h"

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "format/clock_format.h"
#include "sockets/proc_sockets.h"

namespace sysray::sockets {
namespace {

bool process_exists(uint32_t pid) { return kill(pid_t(pid), 0) == 0 || errno == EPERM; }

// An unsettled answer takes a socket whose bind began before the failure returned, recorded
// after it, over one released about then (which its release time makes doubtful) or none.
void settle(OwnerQuestion& q, const SocketTable& table) {
  if (!q.unsettled) return;
  uint64_t after = 0;
  for (const auto& o : q.owners) {
    if (o.socket.later_closed_ns) after = std::max(after, *o.socket.later_closed_ns);
    if (o.socket.exited_ns) after = std::max(after, *o.socket.exited_ns);
  }
  if (!q.owners.empty() && after == 0) return;  // /proc's holders: sockets sysray never saw
  std::vector<OwnedSocket> late = table.bound_late(q.proto, q.local, q.failed, after);
  if (!late.empty()) q.owners = explain_owners(late, {});
}

}  // namespace

std::vector<PortOwner> explain_owners(const std::vector<OwnedSocket>& holders,
                                      const std::vector<InflightCall>& calls) {
  std::vector<PortOwner> out;
  for (const auto& s : holders) {
    PortOwner o{s, {}};
    for (const auto& c : calls) {
      if (c.pid != s.pid) continue;
      bool same = (c.ino && s.ino) ? c.ino == s.ino : (!s.closed_ns && c.fd == s.fd);
      if (same) o.blocked.push_back(c);
    }
    std::sort(o.blocked.begin(), o.blocked.end(),
              [](const InflightCall& a, const InflightCall& b) { return a.tid < b.tid; });
    out.push_back(std::move(o));
  }
  return out;
}

OwnerQuestion find_owners(const SocketEvent& failed, const SocketTable& table,
                          std::vector<InflightCall> inflight) {
  OwnerQuestion q;
  q.failed = failed;
  q.failed.payload.clear();
  q.proto = proto_name(failed.sock_type, failed.protocol);
  q.local = failed.local;
  q.asked_ns = monotonic_ns();
  std::vector<OwnedSocket> holders = table.holders(q.proto, failed.local, failed);
  q.unsettled = holders.empty() || holders.front().later_closed_ns || holders.front().exited_ns;
  if (holders.empty()) holders = find_unseen_holders(failed.pid, q.proto, failed.local);
  // Calls entered before sysray attached are not in the map: /proc names them, without a
  // start time.
  std::set<uint32_t> known_tids, scanned_pids;
  for (const auto& c : inflight) known_tids.insert(c.tid);
  for (const auto& h : holders)
    if (scanned_pids.insert(h.pid).second)
      for (auto& c : proc_blocked_calls(h.pid))
        if (!known_tids.count(c.tid)) inflight.push_back(c);
  q.owners = explain_owners(holders, inflight);
  return q;
}

void PendingOwners::release(fmt::memory_buffer& out, const SocketTable& table,
                            const Render& render, uint64_t now_ns, bool all) {
  while (!pending_.empty()) {
    Pending& p = pending_.front();
    if (!all && p.question.asked_ns + kAnswerDelayNs > now_ns) return;
    settle(p.question, table);
    for (auto& owner : p.question.owners) {
      OwnedSocket& s = owner.socket;
      table.follow_up(s);
      // A socket closed since has said what became of it; its process may have ended later.
      if (!s.exited && !s.later_closed_ns && !process_exists(s.pid)) s.exited = true;
    }
    render(out, p.question);
    out.append(p.after);
    pending_.pop_front();
  }
}

}  // namespace sysray::sockets
