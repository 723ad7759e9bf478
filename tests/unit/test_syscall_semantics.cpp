#include <catch2/catch.hpp>

#include <sys/syscall.h>

#include <string>
#include <vector>

#include <fcntl.h>

#include "decode/builtin_signatures.h"
#include "decode/flags.h"
#include "decode/syscall_semantics.h"

using namespace sysray::decode;

namespace {

SyscallInfo known(const std::string& name) {
  auto info = builtin_signature(name);
  REQUIRE(info);
  return *info;
}

SyscallInfo custom(const std::string& name, std::vector<SyscallArg> args) {
  SyscallInfo info;
  info.name = name;
  info.args = std::move(args);
  info.args_known = true;
  return info;
}

// "kind:arg:len_arg" per slot, e.g. "2:1:2 0:0:0".
std::string plan_text(const sr_syscall_captures& c) {
  std::string out;
  for (const auto& s : c.cap) {
    if (!out.empty()) out += ' ';
    out += std::to_string(s.kind) + ":" + std::to_string(s.arg) + ":" + std::to_string(s.len_arg);
  }
  return out;
}

std::vector<ArgStyle> styles(const SyscallSemantics& s) {
  std::vector<ArgStyle> out;
  for (int i = 0; i < s.nargs; ++i) out.push_back(s.args[i].style);
  return out;
}

}  // namespace

TEST_CASE("path arguments are captured as strings", "[semantics]") {
  CHECK(plan_text(capture_plan(known("openat"))) == "1:1:0 0:0:0");
  // execve's argv and envp share one capture (SR_CAP_EXEC_ARGS_IN, envp as its "length")
  CHECK(plan_text(capture_plan(known("execve"))) == "1:0:0 8:1:2");
  CHECK(plan_text(capture_plan(known("renameat2"))) == "1:1:0 1:3:0");
  CHECK(plan_text(capture_plan(known("truncate"))) == "1:0:0 0:0:0");  // `path`
  CHECK(plan_text(capture_plan(known("close"))) == "0:0:0 0:0:0");
}

TEST_CASE("buffers are captured at enter for writers, at exit for readers", "[semantics]") {
  CHECK(plan_text(capture_plan(known("write"))) == "2:1:2 0:0:0");
  CHECK(plan_text(capture_plan(known("pwrite64"))) == "2:1:2 0:0:0");
  CHECK(plan_text(capture_plan(known("read"))) == "3:1:2 0:0:0");
  CHECK(plan_text(capture_plan(known("pread64"))) == "3:1:2 0:0:0");
}

TEST_CASE("socket addresses are captured with their length argument", "[semantics]") {
  CHECK(plan_text(capture_plan(known("bind"))) == "4:1:2 0:0:0");
  CHECK(plan_text(capture_plan(known("connect"))) == "4:1:2 0:0:0");
  CHECK(plan_text(capture_plan(known("sendto"))) == "2:1:2 4:4:5");
  CHECK(plan_text(capture_plan(known("recvfrom"))) == "3:1:2 5:4:5");
  CHECK(plan_text(capture_plan(known("accept"))) == "5:1:2 0:0:0");
  CHECK(plan_text(capture_plan(known("accept4"))) == "5:1:2 0:0:0");
  CHECK(plan_text(capture_plan(known("getsockname"))) == "5:1:2 0:0:0");
  CHECK(plan_text(capture_plan(known("getpeername"))) == "5:1:2 0:0:0");
  CHECK(plan_text(capture_plan(known("sendmsg"))) == "6:1:0 0:0:0");
  CHECK(plan_text(capture_plan(known("recvmsg"))) == "7:1:0 0:0:0");
}

TEST_CASE("enter captures take the lower slots", "[semantics]") {
  auto info =
      custom("read", {{"char *", "buf"}, {"size_t", "count"}, {"const char *", "pathname"}});
  CHECK(plan_text(capture_plan(info)) == "1:2:0 3:0:1");
  auto s = syscall_semantics(info);
  CHECK(s.args[0].capture == 1);
  CHECK(s.args[2].capture == 0);
}

TEST_CASE("a third capture gets no slot and prints as a pointer", "[semantics]") {
  auto s = syscall_semantics(custom("x", {{"const char *", "oldname"},
                                          {"const char *", "newname"},
                                          {"const char *", "pathname"}}));
  CHECK(plan_text(s.captures) == "1:0:0 1:1:0");
  CHECK(styles(s) == std::vector<ArgStyle>{ArgStyle::Path, ArgStyle::Path, ArgStyle::Pointer});
}

TEST_CASE("argument styles follow types, names and per-syscall rules", "[semantics]") {
  using A = ArgStyle;
  CHECK(styles(syscall_semantics(known("openat"))) ==
        std::vector<A>{A::Dirfd, A::Path, A::OpenFlags, A::OpenMode});
  CHECK(syscall_semantics(known("openat")).args[3].ref == 2);
  CHECK(syscall_semantics(known("open")).args[2].ref == 1);
  CHECK(styles(syscall_semantics(known("mmap"))) ==
        std::vector<A>{A::Pointer, A::ULong, A::MmapProt, A::MmapFlags, A::Int, A::Hex});
  CHECK(styles(syscall_semantics(known("mprotect"))) ==
        std::vector<A>{A::Pointer, A::ULong, A::MmapProt});
  CHECK(styles(syscall_semantics(known("socket"))) ==
        std::vector<A>{A::SockDomain, A::SockType, A::SockProtocol});
  CHECK(syscall_semantics(known("socket")).args[2].ref == 0);
  CHECK(styles(syscall_semantics(known("accept4"))) ==
        std::vector<A>{A::Int, A::SockaddrOut, A::SockaddrLenOut, A::SockFlags});
  CHECK(syscall_semantics(known("accept4")).args[2].capture == 0);
  CHECK(styles(syscall_semantics(known("recvfrom"))) ==
        std::vector<A>{A::Int, A::BufferOut, A::ULong, A::MsgFlags, A::SockaddrOut,
                       A::SockaddrLenOut});
  CHECK(styles(syscall_semantics(known("sendto"))) ==
        std::vector<A>{A::Int, A::BufferIn, A::ULong, A::MsgFlags, A::SockaddrIn, A::Int});
  CHECK(styles(syscall_semantics(known("clone"))) ==
        std::vector<A>{A::CloneFlags, A::Pointer, A::Pointer, A::Pointer, A::Pointer});
  CHECK(styles(syscall_semantics(known("execve"))) == std::vector<A>{A::Path, A::Argv, A::Envp});
  CHECK(syscall_semantics(known("execve")).args[2].capture == 1);
  CHECK(styles(syscall_semantics(known("newfstatat"))) ==
        std::vector<A>{A::Dirfd, A::Path, A::StatOut, A::AtFlags});
  CHECK(styles(syscall_semantics(known("faccessat2"))) ==
        std::vector<A>{A::Dirfd, A::Path, A::AccessMode, A::AccessAtFlags});
  CHECK(syscall_semantics(known("clone")).special == Special::Clone);
  CHECK(plan_text(syscall_semantics(known("getsockopt")).captures) == "9:4:255 11:3:4");
  CHECK(plan_text(syscall_semantics(known("clone3")).captures) == "9:0:1 12:0:3");
  CHECK(styles(syscall_semantics(known("mkdirat"))) == std::vector<A>{A::Dirfd, A::Path, A::Mode});
  CHECK(styles(syscall_semantics(known("read"))) == std::vector<A>{A::Int, A::BufferOut, A::ULong});
  CHECK(styles(syscall_semantics(known("pread64"))) ==
        std::vector<A>{A::Int, A::BufferOut, A::ULong, A::Long});
  CHECK(styles(syscall_semantics(known("kill"))) == std::vector<A>{A::Int, A::Signal});
  CHECK(styles(syscall_semantics(known("fadvise64"))) == std::vector<A>{A::Int, A::Long, A::ULong, A::FadviseAdvice});
  CHECK(format_fadvise(POSIX_FADV_SEQUENTIAL) == "POSIX_FADV_SEQUENTIAL");
  CHECK(format_fadvise(9) == "0x9 /* POSIX_FADV_??? */");
  CHECK(styles(syscall_semantics(known("rseq"))) == std::vector<A>{A::Pointer, A::Hex, A::Int, A::Hex});
  CHECK(styles(syscall_semantics(known("statx"))) ==
        std::vector<A>{A::Dirfd, A::Path, A::StatxFlags, A::StatxMask, A::StatxOut});
  CHECK(styles(syscall_semantics(known("rt_sigaction"))) ==
        std::vector<A>{A::Signal, A::SigactionIn, A::SigactionOut, A::ULong});
  CHECK(plan_text(syscall_semantics(known("rt_sigprocmask")).captures) == "9:1:255 10:2:0");
  CHECK(styles(syscall_semantics(known("getrandom"))) ==
        std::vector<A>{A::RandomOut, A::ULong, A::GetrandomFlags});
}

TEST_CASE("signatures: tracefs first, then the built-in list, else six hex registers",
          "[semantics]") {
  SyscallInfo bare;
  bare.nr = 42;
  bare.name = "connect";
  bare.args_known = false;
  CHECK(plan_text(capture_plan(bare)) == "4:1:2 0:0:0");  // built-in signature

  bare.name = "fanotify_mark";  // not in the built-in list
  auto s = syscall_semantics(bare);
  CHECK(s.nargs == 6);
  CHECK(styles(s) == std::vector<ArgStyle>(6, ArgStyle::Hex));
  CHECK(plan_text(s.captures) == "0:0:0 0:0:0");

  CHECK(syscall_semantics(custom("getppid", {})).nargs == 0);
}

TEST_CASE("output arguments are known at exit", "[semantics]") {
  CHECK(known_at_exit(ArgStyle::BufferOut));
  CHECK(known_at_exit(ArgStyle::SockaddrOut));
  CHECK(known_at_exit(ArgStyle::SockaddrLenOut));
  CHECK(known_at_exit(ArgStyle::MsghdrOut));
  CHECK_FALSE(known_at_exit(ArgStyle::BufferIn));
  CHECK_FALSE(known_at_exit(ArgStyle::Path));
}
