// trace -y's descriptor table, replayed from calls alone: the pid used has no /proc entry, so
// everything shown comes from the calls (as for a process gone before its lines are printed).
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/syscall.h>

#include "decode/builtin_signatures.h"
#include "syscall_fixtures.h"
#include "trace/fd_paths.h"
#include "trace/socket_endpoints.h"

using namespace sysray;
using namespace sysray::test;

namespace {

constexpr uint32_t kGonePid = 0x3ffffff0;  // above any pid_max: /proc has nothing

decode::SyscallTable fd_table() {
  decode::SyscallTable table;
  for (auto [nr, name] : {std::pair{SYS_openat, "openat"}, {SYS_dup3, "dup3"}, {SYS_clone, "clone"},
                          {SYS_fcntl, "fcntl"}, {SYS_read, "read"}, {SYS_execve, "execve"},
                          {SYS_socket, "socket"}}) {
    auto info = decode::builtin_signature(name);
    REQUIRE(info);
    info->nr = nr;
    table.add(*info);
  }
  table.add({SYS_close, "close", {{"unsigned int", "fd"}}, true});
  table.add({SYS_chdir, "chdir", {{"const char *", "filename"}}, true});
  return table;
}

SyscallEvent gone(SyscallEvent ev, uint32_t pid = kGonePid) {
  ev.pid = ev.tid = pid;
  return ev;
}

// Runs one finished call through the table: its arguments' paths, and the returned one's.
struct Shown {
  std::vector<decode::DecodedArg> args;
  std::string ret;
};
Shown run(FdPaths& fds, const SyscallEvent& ev, std::vector<decode::DecodedArg> args) {
  fds.annotate_args(ev, args);
  std::string ret = fds.after_call(ev, args);
  return {std::move(args), ret};
}
Shown run(FdPaths& fds, const SyscallEvent& ev) { return run(fds, ev, decode_event(ev)); }

decode::DecodedArg path_arg(std::string path) {
  decode::DecodedArg a;
  a.kind = decode::DecodedArg::Kind::String;
  a.bytes = std::move(path);
  return a;
}

SyscallEvent openat(const std::string& path, int fd) {
  SyscallEvent ev = gone(call(SYS_openat, {static_cast<uint64_t>(AT_FDCWD), 0x1000, O_RDONLY}, fd));
  capture_path(ev, 0, path);
  return ev;
}

}  // namespace

TEST_CASE("FdPaths: open, chdir, dup, close, fork from the calls alone", "[fdpaths]") {
  decode::SyscallTable table = fd_table();
  FdPaths fds(table, false);
  // The working directory from chdir; a relative path against it, dots folded.
  run(fds, gone(call(SYS_chdir, {0x1000}, 0)), {path_arg("/nonexistent-sysray/dir")});
  Shown opened = run(fds, openat("sub/../data", 3));
  CHECK(opened.ret == "/nonexistent-sysray/dir/data");
  CHECK(opened.args[0].fd_path == "/nonexistent-sysray/dir");  // AT_FDCWD<cwd>
  // The descriptor where it is used, and copies of it.
  CHECK(run(fds, gone(call(SYS_read, {3, 0x2000, 64}, 0))).args[0].fd_path ==
        "/nonexistent-sysray/dir/data");
  CHECK(run(fds, gone(call(SYS_dup3, {3, 7, 0}, 7))).ret == "/nonexistent-sysray/dir/data");
  CHECK(run(fds, gone(call(SYS_fcntl, {3, F_DUPFD_CLOEXEC, 10}, 10))).ret ==
        "/nonexistent-sysray/dir/data");
  CHECK(run(fds, gone(call(SYS_fcntl, {3, F_GETFD, 0}, 0))).ret == "");
  // A forked child sees what it inherited, even when its parent's fork is replayed after.
  run(fds, gone(call(SYS_clone, {0x1200011, 0, 0, 0, 0}, 0x3ffffff1)));
  CHECK(run(fds, gone(call(SYS_read, {7, 0x2000, 64}, 0), 0x3ffffff1)).args[0].fd_path ==
        "/nonexistent-sysray/dir/data");
  // close shows the path it closes, then forgets it.
  CHECK(run(fds, gone(call(SYS_close, {3}, 0))).args[0].fd_path == "/nonexistent-sysray/dir/data");
  CHECK(run(fds, gone(call(SYS_read, {3, 0x2000, 64}, -EBADF))).args[0].fd_path == "");
  // A failed open adds nothing.
  CHECK(run(fds, openat("/nonexistent-sysray/missing", -ENOENT)).ret == "");
}

TEST_CASE("FdPaths: exec drops close-on-exec descriptors, a child's own ones hide the parent's",
          "[fdpaths]") {
  decode::SyscallTable table = fd_table();
  FdPaths fds(table, false);
  const uint32_t child = 0x3ffffff1;
  SyscallEvent kept = openat("/nonexistent-sysray/kept", 3);
  SyscallEvent closed = openat("/nonexistent-sysray/cloexec", 4);
  closed.args[2] = O_RDONLY | O_CLOEXEC;
  run(fds, kept);
  run(fds, closed);
  run(fds, gone(call(SYS_clone, {0x1200011, 0, 0, 0, 0}, child)));
  // The child before its exec has both; after it, only the one without O_CLOEXEC.
  CHECK(run(fds, gone(call(SYS_read, {4, 0x2000, 64}, 0), child)).args[0].fd_path ==
        "/nonexistent-sysray/cloexec");
  FdPaths after(table, false);
  run(after, kept);
  run(after, closed);
  run(after, gone(call(SYS_clone, {0x1200011, 0, 0, 0, 0}, child)));
  SyscallEvent exec = gone(call(SYS_execve, {0x1000, 0x2000, 0x3000}, 0), child);
  run(after, exec);
  CHECK(run(after, gone(call(SYS_read, {3, 0x2000, 64}, 0), child)).args[0].fd_path ==
        "/nonexistent-sysray/kept");
  CHECK(run(after, gone(call(SYS_read, {4, 0x2000, 64}, 0), child)).args[0].fd_path == "");
  // A socket the child made, which /proc no longer shows: unknown, not the parent's fd 3.
  CHECK(run(after, gone(call(SYS_socket, {AF_INET, SOCK_STREAM, 0}, 3), child)).ret == "");
  CHECK(run(after, gone(call(SYS_read, {3, 0x2000, 64}, 0), child)).args[0].fd_path == "");
}

TEST_CASE("FdPaths::resolve: absolute paths follow symlinks where the file exists", "[fdpaths]") {
  decode::SyscallTable table = fd_table();
  FdPaths fds(table, false);
  CHECK(fds.resolve(kGonePid, AT_FDCWD, "/proc/../etc/./") == "/etc");
  CHECK(fds.resolve(kGonePid, AT_FDCWD, "/nonexistent-sysray/a/../b") == "/nonexistent-sysray/b");
  CHECK(fds.resolve(kGonePid, AT_FDCWD, "relative/x") == "relative/x");  // no cwd known
}

TEST_CASE("socket_kind: strace -yy's protocol names", "[fdpaths]") {
  CHECK(socket_kind(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0) == "TCP");
  CHECK(socket_kind(AF_INET6, SOCK_DGRAM, IPPROTO_UDP) == "UDPv6");
  CHECK(socket_kind(AF_UNIX, SOCK_SEQPACKET, 0) == "UNIX-SEQPACKET");
  CHECK(socket_kind(AF_NETLINK, SOCK_RAW, 0) == "");
}
