// trace -y, -yy and -P: what each descriptor of a traced process refers to, as strace prints it
// (`read(3</etc/passwd>, ...)`, `3<TCP:[127.0.0.1:41234->127.0.0.1:80]>`).
//
// strace reads /proc/PID/fd/N while the tracee is stopped. sysray prints a call after it
// happened, often after the process is gone, so the table is kept from the calls themselves,
// replayed in event order: open/openat give the path (resolved against the directory fd or the
// working directory, which chdir/fchdir keep), dup and fcntl(F_DUPFD) copy, close forgets,
// a forked child starts with a copy of its parent's table (and falls back on it when its own
// lines come first). What the calls cannot tell (descriptors opened
// before the trace began, pipes' and sockets' inodes) is read from /proc/PID/fd when first
// needed, while the process lives.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "decode/arg_decoder.h"
#include "decode/syscall_table.h"
#include "trace/socket_endpoints.h"
#include "trace/syscall_event.h"

namespace sysray {

class FdPaths {
 public:
  // `endpoints`: -yy, sockets shown with their protocol and addresses.
  FdPaths(const decode::SyscallTable& table, bool endpoints);
  ~FdPaths();

  // The calls the table is kept from (open, close, dup, fork, ...): the kernel must send them
  // even when -e does not show them.
  static std::vector<std::string_view> table_syscalls();

  // Sets `fd_path` on ev's descriptor arguments as they were when it was made (and on its
  // pipe/socketpair pair once it returned); clears it on the others.
  void annotate_args(const SyscallEvent& ev, std::vector<decode::DecodedArg>& args);
  // Applies what the finished call changed and returns what the descriptor it returned refers
  // to ("" when it returned none).
  std::string after_call(const SyscallEvent& ev, std::vector<decode::DecodedArg>& args);
  // Reads every descriptor and the working directory of `pid` from /proc now, while it lives
  // (the traced processes at start: what they inherited is known before they run).
  void seed(pid_t pid);
  // A thread ended: its process's table goes with its leader.
  void thread_exit(const SyscallEvent& ev);

  // `path` as the kernel resolves it for `pid`: relative to `dirfd` (AT_FDCWD: the working
  // directory), "." and ".." folded; symlinks followed where the file exists.
  std::string resolve(pid_t pid, int dirfd, std::string_view path);

 private:
  struct CallInfo;  // what a syscall does to the table, and which arguments are descriptors
  struct Fd {
    std::string path;  // "/etc/passwd", "pipe:[123]", "socket:[456]"; "" known to be open but
                       // not what (made by a call, and /proc could not tell in time)
    std::string kind;  // sockets: "TCP", "UDPv6", "UNIX-STREAM" from socket()'s arguments
    bool cloexec = false;  // gone at exec
  };
  struct Process {
    std::unordered_map<int, Fd> fds;
    std::string cwd;
    bool cwd_read = false;
    pid_t parent = 0;     // from its fork: what it inherited, when /proc no longer tells
    bool execed = false;  // since the fork: the parent's close-on-exec descriptors are not its
  };

  Process& process(pid_t pid);
  static bool cloexec(const SyscallEvent& ev, const CallInfo& c);
  const Fd* fd(pid_t pid, int fd, int depth = 0);
  const std::string& cwd(pid_t pid, int depth = 0);
  // What strace prints between < and >: the path, or with -yy a socket's endpoints.
  std::string shown(pid_t pid, const Fd& f);
  // /proc/PID/fd/N now (and fdinfo's close-on-exec flag). `expected`: the prefixes the link
  // must have ("socket:["), else it is a later descriptor of that number: unknown.
  Fd from_proc(pid_t pid, int fd, std::initializer_list<std::string_view> expected = {}) const;

  std::vector<CallInfo> calls_;  // by syscall number
  bool endpoints_;
  SocketEndpoints sockets_;
  std::unordered_map<pid_t, Process> processes_;
};

}  // namespace sysray
