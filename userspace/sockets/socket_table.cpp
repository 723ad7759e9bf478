#include "sockets/socket_table.h"

#include <algorithm>

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

void SocketTable::apply(const SocketEvent& ev) {
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
      return;
    }
  }
}

void SocketTable::add_existing(OwnedSocket s) {
  auto key = std::make_pair(s.pid, s.fd);
  open_[key] = std::move(s);
}

std::vector<OwnedSocket> SocketTable::holders(const std::string& proto, const Endpoint& local,
                                              uint32_t except_pid, int except_fd) const {
  std::vector<OwnedSocket> out;
  auto consider = [&](const OwnedSocket& s) {
    if (s.proto != proto || !s.local.same_binding(local)) return;
    if (!s.closed_ns && s.pid == except_pid && s.fd == except_fd) return;
    out.push_back(s);
  };
  for (const auto& [key, s] : open_) consider(s);
  for (const auto& s : held_) consider(s);
  return out;
}

void SocketTable::prune(const std::function<bool(const OwnedSocket&)>& still_there) {
  std::erase_if(open_, [&](const auto& kv) { return !still_there(kv.second); });
  std::erase_if(held_, [&](const OwnedSocket& s) { return !still_there(s); });
}

const OwnedSocket* SocketTable::find(uint32_t pid, int fd) const {
  auto it = open_.find({pid, fd});
  return it == open_.end() ? nullptr : &it->second;
}

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

}  // namespace sysray::sockets
