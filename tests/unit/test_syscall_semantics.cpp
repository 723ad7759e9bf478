#include <catch2/catch.hpp>

#include <sys/syscall.h>

#include <string>
#include <vector>

#include <fcntl.h>

#include "decode/builtin_signatures.h"
#include "decode/capture_recipe.h"
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

// Both slots' recipes (capture_recipe.h's describe), e.g. "bytes@arg1 len=arg2 max=-s | ".
// The slots in use, " | " between them; two at least, so that an unused second slot shows.
std::string plan_text(const sr_syscall_captures& c) {
  std::string text = describe(c.cap[0]) + " | " + describe(c.cap[1]);
  for (int i = 2; i < SR_MAX_CAPTURES; ++i)
    if (c.cap[i].read != SR_READ_NONE) text += " | " + describe(c.cap[i]);
  return text;
}

std::vector<ArgStyle> styles(const SyscallSemantics& s) {
  std::vector<ArgStyle> out;
  for (int i = 0; i < s.nargs; ++i) out.push_back(s.args[i].style);
  return out;
}

}  // namespace

TEST_CASE("path arguments are captured as strings", "[semantics]") {
  CHECK(plan_text(capture_plan(known("openat"))) == "string@arg1 | ");
  // execve's argv and envp share one capture (SR_READ_ARGV counts envp's entries)
  CHECK(plan_text(capture_plan(known("execve"))) == "string@arg0 | argv@arg1 envp=arg2");
  CHECK(plan_text(capture_plan(known("renameat2"))) == "string@arg1 | string@arg3");
  CHECK(plan_text(capture_plan(known("truncate"))) == "string@arg0 | ");  // `path`
  CHECK(plan_text(capture_plan(known("close"))) == " | ");
}

TEST_CASE("buffers are captured at enter for writers, at exit for readers", "[semantics]") {
  CHECK(plan_text(capture_plan(known("write"))) == "bytes@arg1 len=arg2 max=-s | ");
  CHECK(plan_text(capture_plan(known("pwrite64"))) == "bytes@arg1 len=arg2 max=-s | ");
  CHECK(plan_text(capture_plan(known("read"))) == "bytes@arg1 len=ret max=-s exit:positive | ");
  CHECK(plan_text(capture_plan(known("pread64"))) == "bytes@arg1 len=ret max=-s exit:positive | ");
}

TEST_CASE("socket addresses are captured with their length argument", "[semantics]") {
  CHECK(plan_text(capture_plan(known("bind"))) == "bytes@arg1 len=arg2 max=128 | ");
  CHECK(plan_text(capture_plan(known("connect"))) == "bytes@arg1 len=arg2 max=128 | ");
  CHECK(plan_text(capture_plan(known("sendto"))) == "bytes@arg1 len=arg2 max=-s | bytes@arg4 len=arg5 max=128");
  CHECK(plan_text(capture_plan(known("recvfrom"))) == "bytes@arg5 max=4 | bytes@arg1 len=ret max=-s exit:positive | bytes@arg4 len=field0(arg5) max=128 exit:ok");
  CHECK(plan_text(capture_plan(known("accept"))) == "bytes@arg2 max=4 | bytes@arg1 len=field0(arg2) max=128 exit:ok");
  CHECK(plan_text(capture_plan(known("accept4"))) == "bytes@arg2 max=4 | bytes@arg1 len=field0(arg2) max=128 exit:ok");
  CHECK(plan_text(capture_plan(known("getsockname"))) == "bytes@arg2 max=4 | bytes@arg1 len=field0(arg2) max=128 exit:ok");
  CHECK(plan_text(capture_plan(known("getpeername"))) == "bytes@arg2 max=4 | bytes@arg1 len=field0(arg2) max=128 exit:ok");
  CHECK(plan_text(capture_plan(known("sendmsg"))) == "bytes@field0(arg1) len=field8(arg1) max=128 | ");
  CHECK(plan_text(capture_plan(known("recvmsg"))) == "bytes@field0(arg1) len=field8(arg1) max=128 exit:ok | ");
}

TEST_CASE("enter captures take the lower slots", "[semantics]") {
  auto info =
      custom("read", {{"char *", "buf"}, {"size_t", "count"}, {"const char *", "pathname"}});
  CHECK(plan_text(capture_plan(info)) == "string@arg2 | bytes@arg0 len=ret max=-s exit:positive");
  auto s = syscall_semantics(info);
  CHECK(s.args[0].capture == 1);
  CHECK(s.args[2].capture == 0);
}

TEST_CASE("a fourth capture gets no slot and prints as a pointer", "[semantics]") {
  auto s = syscall_semantics(custom("x", {{"const char *", "oldname"},
                                          {"const char *", "newname"},
                                          {"const char *", "pathname"},
                                          {"const char *", "filename"}}));
  static_assert(SR_MAX_CAPTURES == 3);
  CHECK(plan_text(s.captures) == "string@arg0 | string@arg1 | string@arg2");
  CHECK(styles(s) ==
        std::vector<ArgStyle>{ArgStyle::Path, ArgStyle::Path, ArgStyle::Path, ArgStyle::Pointer});
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
  // The length prints from the address's capture and its own, the value going in (slot 0, at
  // enter: enter captures come first); recvfrom's buffer and address come after it.
  CHECK(syscall_semantics(known("accept4")).args[2].capture == 1);
  CHECK(syscall_semantics(known("accept4")).args[2].in_capture == 0);
  CHECK(syscall_semantics(known("recvfrom")).args[1].capture == 1);
  CHECK(syscall_semantics(known("recvfrom")).args[5].capture == 2);
  CHECK(syscall_semantics(known("recvfrom")).args[5].in_capture == 0);
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
  CHECK(plan_text(syscall_semantics(known("getsockopt")).captures) == "bytes@arg4 max=4 | bytes@arg3 len=field0(arg4) max=-s exit:ok");
  CHECK(plan_text(syscall_semantics(known("clone3")).captures) == "bytes@arg0 len=arg1 max=88 | bytes@field24(arg0) max=4 exit:ok");
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
  CHECK(plan_text(syscall_semantics(known("rt_sigprocmask")).captures) == "bytes@arg1 max=8 | bytes@arg2 max=8 exit:ok");
  CHECK(styles(syscall_semantics(known("getrandom"))) ==
        std::vector<A>{A::RandomOut, A::ULong, A::GetrandomFlags});
}

TEST_CASE("signatures: tracefs first, then the built-in list, else six hex registers",
          "[semantics]") {
  SyscallInfo bare;
  bare.nr = 42;
  bare.name = "connect";
  bare.args_known = false;
  CHECK(plan_text(capture_plan(bare)) == "bytes@arg1 len=arg2 max=128 | ");  // built-in signature

  bare.name = "fanotify_mark";  // not in the built-in list
  auto s = syscall_semantics(bare);
  CHECK(s.nargs == 6);
  CHECK(styles(s) == std::vector<ArgStyle>(6, ArgStyle::Hex));
  CHECK(plan_text(s.captures) == " | ");

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
