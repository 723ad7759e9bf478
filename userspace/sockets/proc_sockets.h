// What /proc says about sockets: the sockets a process had before sysray started (-p), the
// syscall each of its threads is blocked in, and who holds a bound address sysray never saw
// being bound (a process that is not traced).
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sockets/socket_table.h"

namespace sysray::sockets {

// One line of /proc/net/{tcp,tcp6,udp,udp6}.
struct ProcNetEntry {
  Endpoint local, remote;
  int state = 0;      // TCP_* (10 = TCP_LISTEN; UDP sockets show 7 = TCP_CLOSE)
  uint64_t ino = 0;
};

// Parses a data line (not the header) of a /proc/net table of `family` (AF_INET or AF_INET6).
std::optional<ProcNetEntry> parse_proc_net_line(std::string_view line, int family);

// Every TCP/UDP socket in pid's network namespace, by inode: its protocol ("tcp", "udp") and
// its line.
std::map<uint64_t, std::pair<std::string, ProcNetEntry>> net_sockets(pid_t pid);

// The entries of directory `path` but "." and ".." (and hidden ones); none when unreadable.
std::vector<std::string> list_dir(const std::string& path);

// readlink(2) of `path`; "" when it cannot be read.
std::string read_link(const std::string& path);

// "socket:[12345]" → 12345.
std::optional<uint64_t> socket_inode_of_link(std::string_view link);

// The TCP and UDP sockets `pid` holds now, as the table keeps them (since_ns unknown).
std::vector<OwnedSocket> scan_process_sockets(pid_t pid);

// The syscall each thread of `pid` is in, with its first argument as fd, from
// /proc/PID/task/TID/syscall (threads that are running or not in a syscall are left out).
std::vector<InflightCall> proc_blocked_calls(pid_t pid);

// The sockets of `proto` bound to an address that conflicts with `local` in the network
// namespace of `pid`, and every process holding each of them (scans /proc/*/fd).
std::vector<OwnedSocket> find_unseen_holders(pid_t pid, const std::string& proto,
                                             const Endpoint& local);

// Is fd `fd` of `pid` still the socket `ino`? (Any socket when ino is 0.)
bool fd_still_socket(pid_t pid, int fd, uint64_t ino);

}  // namespace sysray::sockets
