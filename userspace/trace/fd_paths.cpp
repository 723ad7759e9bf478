#include "trace/fd_paths.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <limits.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "decode/syscall_semantics.h"
#include "sockets/proc_sockets.h"

namespace sysray {
namespace {

using Kind = decode::DecodedArg::Kind;

// "/a/./b/../c" → "/a/c"; a relative path stays relative.
std::string fold_dots(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t slash = path.find('/', i);
    std::string_view part = path.substr(i, slash == path.npos ? path.npos : slash - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (slash == path.npos) break;
    i = slash + 1;
  }
  std::string out = path.starts_with('/') ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  return out.empty() ? "." : out;
}

// The kernel's name for an open file follows symlinks: realpath when the file still exists.
std::string canonical(const std::string& path) {
  char buf[PATH_MAX];
  if (path.starts_with('/') && realpath(path.c_str(), buf)) return buf;
  return fold_dots(path);
}

bool is_at_fdcwd(uint64_t raw) { return static_cast<int32_t>(raw) == AT_FDCWD; }

// "3" → "3</etc/passwd>" (strace -y); unchanged without a path.
std::string with_path(const std::string& text, const std::string& path) {
  return path.empty() ? text : fmt::format("{}<{}>", text, path);
}

}  // namespace

enum class Effect : uint8_t {
  None,
  Open,         // open, creat, openat, openat2: the path it opened
  Socket,       // socket: /proc's name, and the kind its arguments say
  Accept,       // accept, accept4: /proc's name, the kind of the listening socket
  NewFd,        // eventfd, epoll_create, memfd_create, ...: /proc's name
  Dup,          // dup, dup2, dup3: a copy of its first argument's
  Fcntl,        // fcntl: a Dup for F_DUPFD and F_DUPFD_CLOEXEC
  Close,
  Pair,         // pipe, pipe2, socketpair: two from /proc
  Chdir,
  Fchdir,
  Fork,         // clone, clone3, fork, vfork: the child starts with a copy
  Exec,         // execve, execveat: the close-on-exec descriptors are gone
  SocketState,  // bind, connect, ...: -yy's descriptions are stale
};

struct FdPaths::CallInfo {
  Effect effect = Effect::None;
  uint8_t fd_args = 0;     // bit i: args[i] is a descriptor
  uint8_t dirfd_args = 0;  // bit i: args[i] is a directory descriptor (AT_FDCWD allowed)
  int8_t path_arg = -1;    // Open, Chdir: the path argument
  int8_t dirfd_arg = -1;   // Open: its directory descriptor, -1 for AT_FDCWD
  int8_t flags_arg = -1;   // the flags that may say O_CLOEXEC / SOCK_CLOEXEC (same bit)
  bool clone_flags = false;  // Fork: args[0] is clone's flags (CLONE_THREAD: no new process)
};

namespace {

// Which argument holds the close-on-exec flag of the descriptors a call makes.
constexpr std::pair<std::string_view, int8_t> kCloexecFlags[] = {
    {"open", 1}, {"openat", 2}, {"socket", 1}, {"accept4", 3}, {"pipe2", 1},
    {"socketpair", 1}, {"dup3", 2}, {"eventfd2", 1}, {"epoll_create1", 0}, {"inotify_init1", 0},
    {"signalfd4", 3}, {"timerfd_create", 1},  // not memfd_create: its MFD_CLOEXEC is bit 0
};

}  // namespace

namespace {

constexpr std::pair<std::string_view, Effect> kEffects[] = {
    {"open", Effect::Open}, {"creat", Effect::Open}, {"openat", Effect::Open},
    {"openat2", Effect::Open}, {"socket", Effect::Socket}, {"accept", Effect::Accept},
    {"accept4", Effect::Accept}, {"eventfd", Effect::NewFd}, {"eventfd2", Effect::NewFd},
    {"epoll_create", Effect::NewFd}, {"epoll_create1", Effect::NewFd}, {"signalfd", Effect::NewFd},
    {"signalfd4", Effect::NewFd}, {"timerfd_create", Effect::NewFd}, {"inotify_init", Effect::NewFd},
    {"inotify_init1", Effect::NewFd}, {"memfd_create", Effect::NewFd}, {"pidfd_open", Effect::NewFd},
    {"pidfd_getfd", Effect::NewFd}, {"fanotify_init", Effect::NewFd}, {"userfaultfd", Effect::NewFd},
    {"perf_event_open", Effect::NewFd}, {"open_by_handle_at", Effect::NewFd},
    {"memfd_secret", Effect::NewFd}, {"io_uring_setup", Effect::NewFd}, {"open_tree", Effect::NewFd},
    {"fsopen", Effect::NewFd}, {"fsmount", Effect::NewFd}, {"dup", Effect::Dup}, {"dup2", Effect::Dup},
    {"dup3", Effect::Dup}, {"fcntl", Effect::Fcntl}, {"close", Effect::Close}, {"pipe", Effect::Pair},
    {"pipe2", Effect::Pair}, {"socketpair", Effect::Pair}, {"chdir", Effect::Chdir},
    {"fchdir", Effect::Fchdir}, {"clone", Effect::Fork}, {"clone3", Effect::Fork},
    {"fork", Effect::Fork}, {"vfork", Effect::Fork}, {"execve", Effect::Exec},
    {"execveat", Effect::Exec}, {"bind", Effect::SocketState}, {"connect", Effect::SocketState},
    {"listen", Effect::SocketState}, {"shutdown", Effect::SocketState}, {"sendto", Effect::SocketState},
    {"sendmsg", Effect::SocketState}, {"sendmmsg", Effect::SocketState},
};

}  // namespace

FdPaths::~FdPaths() = default;

bool FdPaths::cloexec(const SyscallEvent& ev, const CallInfo& c) {
  return c.flags_arg >= 0 && (ev.args[c.flags_arg] & O_CLOEXEC);
}

std::vector<std::string_view> FdPaths::table_syscalls() {
  std::vector<std::string_view> names;
  for (const auto& [name, effect] : kEffects)
    if (effect != Effect::SocketState) names.push_back(name);
  return names;
}

FdPaths::FdPaths(const decode::SyscallTable& table, bool endpoints)
    : calls_(SR_MAX_SYSCALLS), endpoints_(endpoints) {
  for (const auto& info : table.all()) {
    if (info.nr < 0 || info.nr >= SR_MAX_SYSCALLS) continue;
    CallInfo& c = calls_[info.nr];
    for (size_t i = 0; i < info.args.size() && i < 6; ++i) {
      if (decode::is_fd_arg_name(info.args[i].name)) c.fd_args |= 1u << i;
      if (decode::is_dirfd_arg_name(info.args[i].name)) c.dirfd_args |= 1u << i;
    }
    for (const auto& [name, effect] : kEffects)
      if (name == info.name) c.effect = effect;
    for (const auto& [name, arg] : kCloexecFlags)
      if (name == info.name) c.flags_arg = arg;
    c.clone_flags = info.name == "clone";
    if (c.effect == Effect::Open || c.effect == Effect::Chdir) {
      bool at = info.name == "openat" || info.name == "openat2";
      c.dirfd_arg = at ? 0 : -1;
      c.path_arg = at ? 1 : 0;
    }
  }
}

FdPaths::Process& FdPaths::process(pid_t pid) { return processes_[pid]; }

void FdPaths::seed(pid_t pid) {
  Process& p = process(pid);
  std::string dir = fmt::format("/proc/{}/fd", pid);
  for (const auto& name : sockets::list_dir(dir)) {
    int n = 0;
    if (std::from_chars(name.data(), name.data() + name.size(), n).ec != std::errc()) continue;
    Fd f = from_proc(pid, n);
    if (!f.path.empty()) p.fds.insert_or_assign(n, std::move(f));
  }
  cwd(pid);
}

FdPaths::Fd FdPaths::from_proc(pid_t pid, int fd,
                               std::initializer_list<std::string_view> expected) const {
  Fd f{sockets::read_link(fmt::format("/proc/{}/fd/{}", pid, fd)), "", false};
  if (expected.size() && std::none_of(expected.begin(), expected.end(), [&](std::string_view e) {
        return f.path.starts_with(e);
      }))
    return Fd{};
  std::ifstream info(fmt::format("/proc/{}/fdinfo/{}", pid, fd));
  std::string key;
  unsigned flags = 0;
  while (info >> key)
    if (key == "flags:" && info >> std::oct >> flags) break;
  f.cloexec = flags & O_CLOEXEC;
  return f;
}

// How far up the fork chain a lookup goes (a shell's child's child, ...).
constexpr int kMaxAncestors = 8;

// Order of lookup: the calls seen, /proc while the process lives, then its parent's table (what
// it inherited, for a child gone before its line was printed; after an exec, without the
// close-on-exec ones).
const FdPaths::Fd* FdPaths::fd(pid_t pid, int fd, int depth) {
  if (fd < 0) return nullptr;
  Process& p = process(pid);
  auto it = p.fds.find(fd);
  if (it != p.fds.end()) return it->second.path.empty() ? nullptr : &it->second;
  Fd f = from_proc(pid, fd);
  if (f.path.empty() && p.parent && depth < kMaxAncestors) {
    const Fd* inherited = this->fd(p.parent, fd, depth + 1);
    if (inherited && !(inherited->cloexec && process(pid).execed)) f = *inherited;
  }
  if (f.path.empty()) return nullptr;
  return &process(pid).fds.emplace(fd, std::move(f)).first->second;
}

const std::string& FdPaths::cwd(pid_t pid, int depth) {
  Process& p = process(pid);
  if (!p.cwd_read) {
    p.cwd = sockets::read_link(fmt::format("/proc/{}/cwd", pid));
    if (p.cwd.empty() && p.parent && depth < kMaxAncestors) p.cwd = cwd(p.parent, depth + 1);
    p.cwd_read = true;
  }
  return p.cwd;
}

std::string FdPaths::resolve(pid_t pid, int dirfd, std::string_view path) {
  if (path.starts_with('/')) return canonical(std::string(path));
  std::string base;
  if (dirfd == AT_FDCWD) {
    base = cwd(pid);
  } else if (const Fd* f = fd(pid, dirfd)) {
    base = f->path;
  }
  if (!base.starts_with('/')) return std::string(path);  // no telling where it is
  return canonical(base + "/" + std::string(path));
}

std::string FdPaths::shown(pid_t pid, const Fd& f) {
  if (endpoints_) {
    if (auto ino = sockets::socket_inode_of_link(f.path)) {
      std::string text = sockets_.describe(pid, *ino, f.kind);
      if (!text.empty()) return text;
    }
  }
  return f.path;
}

void FdPaths::annotate_args(const SyscallEvent& ev, std::vector<decode::DecodedArg>& args) {
  const CallInfo& c = calls_[ev.nr];
  for (size_t i = 0; i < args.size(); ++i) {
    decode::DecodedArg& a = args[i];
    a.fd_path.clear();
    if (i >= 6 || a.value != static_cast<int64_t>(static_cast<int32_t>(ev.args[i]))) continue;
    if ((c.dirfd_args >> i) & 1) {
      a.fd_path = is_at_fdcwd(ev.args[i]) ? cwd(ev.pid) : "";
      if (!is_at_fdcwd(ev.args[i]))
        if (const Fd* f = fd(ev.pid, static_cast<int32_t>(ev.args[i]))) a.fd_path = shown(ev.pid, *f);
    } else if ((c.fd_args >> i) & 1) {
      if (const Fd* f = fd(ev.pid, static_cast<int32_t>(ev.args[i]))) a.fd_path = shown(ev.pid, *f);
    }
  }
}

std::string FdPaths::after_call(const SyscallEvent& ev, std::vector<decode::DecodedArg>& args) {
  const CallInfo& c = calls_[ev.nr];
  if (c.effect == Effect::None || (ev.flags & SR_F_NO_RETURN) || syscall_error(ev)) return "";
  Process& p = process(ev.pid);
  int ret = static_cast<int>(ev.ret);
  // A descriptor the call made: what it is, or that it is there but unknown (no fallback on
  // the parent's table, whose descriptor of that number is another).
  auto new_fd = [&](Fd f) -> std::string {
    std::string text = f.path.empty() ? "" : shown(ev.pid, f);
    p.fds.insert_or_assign(ret, std::move(f));
    return text;
  };
  switch (c.effect) {
    case Effect::None: break;
    case Effect::Open: {
      if (c.path_arg >= static_cast<int>(args.size()) || args[c.path_arg].kind != Kind::String) break;
      int dirfd = c.dirfd_arg < 0 ? AT_FDCWD : static_cast<int32_t>(ev.args[c.dirfd_arg]);
      return new_fd(Fd{resolve(ev.pid, dirfd, args[c.path_arg].bytes), "", cloexec(ev, c)});
    }
    case Effect::Socket: {
      Fd f = from_proc(ev.pid, ret, {"socket:["});
      f.kind = socket_kind(static_cast<int>(ev.args[0]), static_cast<int>(ev.args[1]),
                           static_cast<int>(ev.args[2]));
      f.cloexec = cloexec(ev, c);
      return new_fd(std::move(f));
    }
    case Effect::Accept: {
      Fd f = from_proc(ev.pid, ret, {"socket:["});
      if (const Fd* listening = fd(ev.pid, static_cast<int32_t>(ev.args[0]))) f.kind = listening->kind;
      f.cloexec = cloexec(ev, c);
      sockets_.forget();
      return new_fd(std::move(f));
    }
    case Effect::NewFd: {
      Fd f = from_proc(ev.pid, ret);
      f.cloexec = f.cloexec || cloexec(ev, c);
      return new_fd(std::move(f));
    }
    case Effect::Fcntl:
      if (ev.args[1] == F_SETFD) {
        if (auto it = p.fds.find(static_cast<int32_t>(ev.args[0])); it != p.fds.end())
          it->second.cloexec = ev.args[2] & FD_CLOEXEC;
        break;
      }
      if (ev.args[1] != F_DUPFD && ev.args[1] != F_DUPFD_CLOEXEC) break;
      [[fallthrough]];
    case Effect::Dup: {
      const Fd* from = fd(ev.pid, static_cast<int32_t>(ev.args[0]));
      Fd copy = from ? *from : Fd{};
      // dup3's flags, or F_DUPFD_CLOEXEC; dup and dup2 clear the flag.
      copy.cloexec = c.effect == Effect::Fcntl ? ev.args[1] == F_DUPFD_CLOEXEC : cloexec(ev, c);
      return new_fd(std::move(copy));
    }
    case Effect::Close:
      p.fds.erase(static_cast<int32_t>(ev.args[0]));
      sockets_.forget();
      break;
    case Effect::Pair:
      for (decode::DecodedArg& a : args) {
        if (a.kind != Kind::Array || a.items.size() != 2 || !a.at_exit) continue;
        for (decode::DecodedArg& item : a.items) {
          int n = static_cast<int>(item.value);
          Fd f = from_proc(ev.pid, n, {"pipe:[", "socket:["});
          f.cloexec = cloexec(ev, c);
          item.fd_path = f.path.empty() ? "" : shown(ev.pid, f);
          p.fds.insert_or_assign(n, std::move(f));
        }
        a.text = fmt::format("[{}, {}]", with_path(a.items[0].text, a.items[0].fd_path),
                             with_path(a.items[1].text, a.items[1].fd_path));
      }
      break;
    case Effect::Chdir:
      if (c.path_arg < static_cast<int>(args.size()) && args[c.path_arg].kind == Kind::String) {
        p.cwd = resolve(ev.pid, AT_FDCWD, args[c.path_arg].bytes);
        p.cwd_read = true;
      }
      break;
    case Effect::Fchdir:
      if (const Fd* f = fd(ev.pid, static_cast<int32_t>(ev.args[0]))) {
        p.cwd = f->path;
        p.cwd_read = true;
      }
      break;
    case Effect::Fork: {
      if (ev.ret <= 0 || (c.clone_flags && (ev.args[0] & CLONE_THREAD))) break;
      // The child starts with the parent's table as it is now; what its own calls (maybe
      // replayed first) already said stays. A thread made by clone3 gets an entry too, dropped
      // when it ends.
      Process& child = process(static_cast<pid_t>(ev.ret));
      child.parent = ev.pid;
      for (const auto& [n, f] : p.fds) child.fds.try_emplace(n, f);
      if (!child.cwd_read) {
        child.cwd = p.cwd;
        child.cwd_read = p.cwd_read;
      }
      break;
    }
    case Effect::Exec:
      std::erase_if(p.fds, [](const auto& entry) { return entry.second.cloexec; });
      p.execed = true;
      break;
    case Effect::SocketState: sockets_.forget(); break;
  }
  return "";
}

void FdPaths::thread_exit(const SyscallEvent& ev) { processes_.erase(ev.tid); }

}  // namespace sysray
