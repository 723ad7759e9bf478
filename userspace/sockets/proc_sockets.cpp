#include "sockets/proc_sockets.h"

#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace sysray::sockets {
namespace {

template <typename T>
bool parse_hex(std::string_view s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
  return ec == std::errc() && end == s.data() + s.size();
}

// "0100007F:0C1D": the kernel prints each 32-bit word of the address as a native-endian
// number, so copying the parsed words back in memory order restores the address bytes.
bool parse_addr_port(std::string_view text, int family, Endpoint& out) {
  auto colon = text.find(':');
  size_t words = family == AF_INET ? 1 : 4;
  if (colon != words * 8) return false;
  out = Endpoint{};
  out.family = family;
  for (size_t i = 0; i < words; ++i) {
    uint32_t w = 0;
    if (!parse_hex(text.substr(i * 8, 8), w)) return false;
    std::memcpy(out.addr.data() + i * 4, &w, 4);
  }
  return parse_hex(text.substr(colon + 1), out.port);
}



std::string read_comm(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

struct NetTable {
  const char* file;
  const char* proto;
  int family;
};
constexpr NetTable kTables[] = {{"tcp", "tcp", AF_INET},
                                {"tcp6", "tcp", AF_INET6},
                                {"udp", "udp", AF_INET},
                                {"udp6", "udp", AF_INET6}};


// fd → socket inode for every socket fd of pid.
std::map<int, uint64_t> socket_fds(pid_t pid) {
  std::map<int, uint64_t> out;
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  for (const auto& name : list_dir(dir)) {
    int fd = 0;
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc()) continue;
    if (auto ino = socket_inode_of_link(read_link(dir + "/" + name))) out[fd] = *ino;
  }
  return out;
}

OwnedSocket owned(pid_t pid, const std::string& comm, int fd, const std::string& proto,
                  const ProcNetEntry& e) {
  OwnedSocket s;
  s.pid = pid;
  s.comm = comm;
  s.fd = fd;
  s.ino = e.ino;
  s.proto = proto;
  s.local = e.local;
  s.remote = e.remote;
  s.listening = proto == "tcp" && e.state == 10;
  return s;
}

}  // namespace

std::vector<std::string> list_dir(const std::string& path) {
  std::vector<std::string> names;
  DIR* d = opendir(path.c_str());
  if (!d) return names;
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.') names.emplace_back(e->d_name);
  closedir(d);
  return names;
}

std::string read_link(const std::string& path) {
  char buf[4096];  // PATH_MAX
  ssize_t n = readlink(path.c_str(), buf, sizeof(buf));
  return n > 0 ? std::string(buf, n) : "";
}

std::map<uint64_t, std::pair<std::string, ProcNetEntry>> net_sockets(pid_t pid) {
  std::map<uint64_t, std::pair<std::string, ProcNetEntry>> out;
  for (const auto& t : kTables) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/net/" + t.file);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line))
      if (auto e = parse_proc_net_line(line, t.family)) out[e->ino] = {t.proto, *e};
  }
  return out;
}

std::optional<ProcNetEntry> parse_proc_net_line(std::string_view line, int family) {
  // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
  std::istringstream in{std::string(line)};
  std::string sl, local, remote, st, queues, timer, retr, uid, timeout, inode;
  if (!(in >> sl >> local >> remote >> st >> queues >> timer >> retr >> uid >> timeout >> inode))
    return std::nullopt;
  ProcNetEntry e;
  if (!parse_addr_port(local, family, e.local) || !parse_addr_port(remote, family, e.remote) ||
      !parse_hex(st, e.state))
    return std::nullopt;
  auto [end, ec] = std::from_chars(inode.data(), inode.data() + inode.size(), e.ino);
  if (ec != std::errc() || end != inode.data() + inode.size()) return std::nullopt;
  return e;
}

std::optional<uint64_t> socket_inode_of_link(std::string_view link) {
  constexpr std::string_view prefix = "socket:[";
  if (link.substr(0, prefix.size()) != prefix || link.back() != ']') return std::nullopt;
  std::string_view digits = link.substr(prefix.size(), link.size() - prefix.size() - 1);
  uint64_t ino = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ino);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    return std::nullopt;
  return ino;
}

std::vector<OwnedSocket> scan_process_sockets(pid_t pid) {
  std::vector<OwnedSocket> out;
  auto fds = socket_fds(pid);
  if (fds.empty()) return out;
  auto net = net_sockets(pid);
  std::string comm = read_comm(pid);
  for (const auto& [fd, ino] : fds) {
    auto it = net.find(ino);
    if (it != net.end()) out.push_back(owned(pid, comm, fd, it->second.first, it->second.second));
  }
  return out;
}

std::vector<InflightCall> proc_blocked_calls(pid_t pid) {
  std::vector<InflightCall> out;
  std::string dir = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& name : list_dir(dir)) {
    std::ifstream in(dir + "/" + name + "/syscall");
    long nr = -1;
    std::string arg0;
    if (!(in >> nr >> arg0) || nr < 0) continue;  // "running", or -1: not in a syscall
    InflightCall c;
    c.pid = pid;
    c.tid = std::stoul(name);
    c.nr = nr;
    unsigned long fd = 0;
    if (arg0.rfind("0x", 0) == 0 && parse_hex(std::string_view(arg0).substr(2), fd))
      c.fd = static_cast<int>(fd);
    out.push_back(c);
  }
  return out;
}

std::vector<OwnedSocket> find_unseen_holders(pid_t pid, const std::string& proto,
                                             const Endpoint& local) {
  std::map<uint64_t, ProcNetEntry> wanted;
  for (const auto& [ino, entry] : net_sockets(pid))
    if (entry.first == proto && entry.second.local.same_binding(local) && ino)
      wanted[ino] = entry.second;
  std::vector<OwnedSocket> out;
  if (wanted.empty()) return out;
  for (const auto& name : list_dir("/proc")) {
    pid_t p = 0;
    if (std::from_chars(name.data(), name.data() + name.size(), p).ec != std::errc()) continue;
    for (const auto& [fd, ino] : socket_fds(p)) {
      auto it = wanted.find(ino);
      if (it != wanted.end()) out.push_back(owned(p, read_comm(p), fd, proto, it->second));
    }
  }
  return out;
}

bool fd_still_socket(pid_t pid, int fd, uint64_t ino) {
  auto link = socket_inode_of_link(
      read_link("/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd)));
  return link && (ino == 0 || *link == ino);
}

}  // namespace sysray::sockets
