#include "trace/socket_endpoints.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sockets/proc_sockets.h"

namespace sysray {
namespace {

std::string_view unix_type_name(int type) {
  switch (type) {
    case SOCK_STREAM: return "STREAM";
    case SOCK_DGRAM: return "DGRAM";
    case SOCK_SEQPACKET: return "SEQPACKET";
    default: return "";
  }
}

// "UNIX-STREAM:[4242]" or with its bound path "UNIX-STREAM:[4242,\"/run/x.sock\"]", from a
// /proc/net/unix line: "Num RefCount Protocol Flags Type St Inode [Path]".
std::string unix_socket(pid_t pid, uint64_t ino) {
  std::ifstream in(fmt::format("/proc/{}/net/unix", pid));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string num, refs, proto, flags, type, state, path;
    uint64_t inode = 0;
    if (!(fields >> num >> refs >> proto >> flags >> type >> state >> inode) || inode != ino)
      continue;
    fields >> path;
    std::string_view name = unix_type_name(static_cast<int>(std::strtol(type.c_str(), nullptr, 16)));
    if (name.empty()) return "";
    if (path.empty()) return fmt::format("UNIX-{}:[{}]", name, ino);
    return fmt::format("UNIX-{}:[{},\"{}\"]", name, ino, path);
  }
  return "";
}

// "TCP:[127.0.0.1:41234->127.0.0.1:80]", "UDPv6:[[::1]:53]".
std::string inet_socket(pid_t pid, uint64_t ino) {
  auto all = sockets::net_sockets(pid);
  auto it = all.find(ino);
  if (it == all.end()) return "";
  const auto& [proto, e] = it->second;
  std::string name = proto == "tcp" ? "TCP" : "UDP";
  if (e.local.family == AF_INET6) name += "v6";
  if (e.remote.port == 0) return fmt::format("{}:[{}]", name, e.local.text());
  return fmt::format("{}:[{}->{}]", name, e.local.text(), e.remote.text());
}

}  // namespace

std::string SocketEndpoints::describe(pid_t pid, uint64_t ino, std::string_view kind) {
  if (auto it = cache_.find(ino); it != cache_.end()) return it->second;
  std::string text;
  if (kind.empty() || kind.starts_with("TCP") || kind.starts_with("UDP")) text = inet_socket(pid, ino);
  if (text.empty() && (kind.empty() || kind.starts_with("UNIX"))) text = unix_socket(pid, ino);
  if (text.empty() && !kind.empty()) text = fmt::format("{}:[{}]", kind, ino);
  cache_.emplace(ino, text);
  return text;
}

std::string socket_kind(int domain, int type, int protocol) {
  int base = type & 0xf;  // without SOCK_NONBLOCK / SOCK_CLOEXEC
  if (domain == AF_UNIX) {
    std::string_view name = unix_type_name(base);
    return name.empty() ? "" : fmt::format("UNIX-{}", name);
  }
  if (domain != AF_INET && domain != AF_INET6) return "";
  std::string_view v6 = domain == AF_INET6 ? "v6" : "";
  if (base == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP)) return fmt::format("TCP{}", v6);
  if (base == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP)) return fmt::format("UDP{}", v6);
  return "";
}

}  // namespace sysray
