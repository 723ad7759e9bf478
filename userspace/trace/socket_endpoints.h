// trace -yy: a socket described by its protocol and addresses, as strace prints it from
// sock_diag: "TCP:[127.0.0.1:41234->127.0.0.1:80]", "UDPv6:[[::1]:53]", "UNIX-STREAM:[4242]",
// "UNIX-STREAM:[4242,\"/run/x.sock\"]"; a socket bound to nothing yet: "TCP:[4242]".
// Read from the process's own /proc/PID/net tables (its network namespace).
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sysray {

class SocketEndpoints {
 public:
  // `kind`: "TCP", "UDPv6", ... from the socket() call when sysray saw it, else "".
  // "" when /proc knows nothing of the socket and `kind` is empty.
  std::string describe(pid_t pid, uint64_t ino, std::string_view kind);
  // A call may have bound, connected or closed a socket: the cached descriptions are stale.
  void forget() { cache_.clear(); }

 private:
  std::unordered_map<uint64_t, std::string> cache_;  // by inode
};

// The protocol name strace gives a socket(domain, type, protocol): "TCP", "UDPv6",
// "UNIX-DGRAM"; "" for the families it has no short name for here.
std::string socket_kind(int domain, int type, int protocol);

}  // namespace sysray
