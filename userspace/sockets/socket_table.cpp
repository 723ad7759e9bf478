#include "sockets/socket_table.h"

#include <algorithm>
#include <utility>

namespace sysray::sockets {

OwnedSocket& SocketTable::upsert(const SocketEvent& ev) {
  auto [it, inserted] = open_.try_emplace({ev.pid, ev.fd});
  OwnedSocket& s = it->second;
  if (inserted || (ev.ino && s.ino && s.ino != ev.ino)) {
    // Not seen before (opened before sysray, not found at start), or the fd now names
    // another socket.
    s = OwnedSocket{};
    s.pid = ev.pid;
    s.fd = ev.fd;
  }
  s.comm = ev.comm;
  if (ev.ino) s.ino = ev.ino;
  s.proto = proto_name(ev.sock_type, ev.protocol);
  return s;
}

namespace {

// The same socket, as seen at two moments: the same fd of the same process, opened at the same
// time.
bool same_socket(const OwnedSocket& a, const OwnedSocket& b) {
  return a.pid == b.pid && a.fd == b.fd && a.since_ns == b.since_ns && a.ino == b.ino;
}

}  // namespace

void SocketTable::ended(OwnedSocket s, uint64_t released_ns) {
  if (ended_.size() == kEndedKept) ended_.pop_front();
  ended_.push_back({std::move(s), released_ns});
}

void SocketTable::exited(uint32_t pid, uint64_t ts_ns) {
  auto gone = [&](const OwnedSocket& s) {
    if (s.pid != pid) return false;
    OwnedSocket copy = s;
    copy.exited_ns = ts_ns;
    ended(std::move(copy), ts_ns);
    return true;
  };
  std::erase_if(open_, [&](const auto& kv) { return gone(kv.second); });
  std::erase_if(held_, gone);
}

void SocketTable::apply(const SocketEvent& ev) {
  if (ev.kind == EventKind::Exit) return exited(ev.pid, ev.ts_ns);
  // A call that returned on a closed-but-held socket dropped its reference: the socket is gone.
  if (ev.ino && ev.kind != EventKind::Close)
    std::erase_if(held_, [&](const OwnedSocket& s) { return s.ino == ev.ino && s.pid == ev.pid; });
  if (ev.fd < 0) return;
  switch (ev.kind) {
    case EventKind::Socket:
    case EventKind::Accept: {
      if (ev.failed()) return;
      open_.erase({ev.pid, ev.fd});  // a new socket on this fd
      OwnedSocket& s = upsert(ev);
      s.local = ev.local;
      s.remote = ev.remote;
      s.since_ns = ev.ts_ns;
      return;
    }
    case EventKind::Close: {
      auto it = open_.find({ev.pid, ev.fd});
      if (ev.failed()) return;
      if (it == open_.end()) return;
      OwnedSocket s = std::move(it->second);
      open_.erase(it);
      if (ev.refs > 1) {
        s.closed_ns = ev.ts_ns;
        held_.push_back(std::move(s));
      } else {
        s.later_closed_ns = ev.ts_ns;
        ended(std::move(s), ev.ts_ns + ev.dur_ns);
      }
      return;
    }
    case EventKind::Bind:
    case EventKind::Listen:
    case EventKind::Connect:
    case EventKind::Send:
    case EventKind::Recv: {
      // A failed bind's address is the one asked for, not the socket's: keep the socket's.
      if (ev.failed() && ev.kind == EventKind::Bind) return;
      OwnedSocket& s = upsert(ev);
      if (!ev.failed() || ev.kind != EventKind::Connect)
        if (ev.local.port) s.local = ev.local;  // the real port, after an implicit bind too
      if (ev.kind == EventKind::Connect && !ev.failed()) s.remote = ev.remote;
      if (ev.kind == EventKind::Listen && !ev.failed()) s.listening = true;
      if (ev.kind == EventKind::Bind) {
        s.bound_ns = ev.ts_ns;
        s.bind_stack = ev.stack;
      }
      return;
    }
    case EventKind::Exit:
      return;
  }
}

void SocketTable::add_existing(OwnedSocket s) {
  auto key = std::make_pair(s.pid, s.fd);
  open_[key] = std::move(s);
}

std::vector<OwnedSocket> SocketTable::holders(const std::string& proto, const Endpoint& local,
                                              const SocketEvent& failed) const {
  std::vector<OwnedSocket> out;
  auto consider = [&](const OwnedSocket& s) {
    if (s.proto != proto || !s.local.same_binding(local)) return;
    if (!s.closed_ns && s.pid == failed.pid && s.fd == failed.fd) return;
    out.push_back(s);
  };
  for (const auto& [key, s] : open_) consider(s);
  for (const auto& s : held_) consider(s);
  if (!out.empty()) return out;
  // None left: the one released last, if that was late enough to have refused the call.
  for (auto it = ended_.rbegin(); it != ended_.rend() && out.empty(); ++it)
    if (it->released_ns + kReleaseSlackNs >= failed.ts_ns) consider(it->socket);
  return out;
}

std::vector<OwnedSocket> SocketTable::bound_late(const std::string& proto, const Endpoint& local,
                                                 const SocketEvent& failed,
                                                 uint64_t after_ns) const {
  std::vector<OwnedSocket> out;
  auto consider = [&](const OwnedSocket& s) {
    if (s.proto != proto || !s.local.same_binding(local) || !s.bound_ns) return;
    if (*s.bound_ns <= after_ns || *s.bound_ns > failed.ts_ns + failed.dur_ns) return;
    if (s.pid == failed.pid && s.fd == failed.fd) return;
    out.push_back(s);
  };
  for (const auto& [key, s] : open_) consider(s);
  // Released ones only if they may still have been bound when `failed` began.
  for (const auto& e : ended_)
    if (e.released_ns + kReleaseSlackNs >= failed.ts_ns) consider(e.socket);
  return out;
}

void SocketTable::follow_up(OwnedSocket& s) const {
  auto open = open_.find({s.pid, s.fd});
  if (open != open_.end() && same_socket(open->second, s)) return;
  for (const auto& h : held_)
    if (same_socket(h, s)) return;
  for (auto it = ended_.rbegin(); it != ended_.rend(); ++it)
    if (same_socket(it->socket, s)) {
      s.later_closed_ns = it->socket.later_closed_ns;
      s.exited_ns = it->socket.exited_ns;
      s.exited = it->socket.exited_ns.has_value();
      return;
    }
}

const OwnedSocket* SocketTable::find(uint32_t pid, int fd) const {
  auto it = open_.find({pid, fd});
  return it == open_.end() ? nullptr : &it->second;
}

}  // namespace sysray::sockets
