#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

#include "decode/syscall_classes.h"

using namespace sysray::decode;
using Names = std::vector<std::string_view>;

// Memberships as in strace's x86_64 syscall table.

TEST_CASE("classes: %net is the socket calls (and sendfile)", "[classes]") {
  REQUIRE(syscall_class("net") != nullptr);
  CHECK(*syscall_class("net") ==
        Names{"sendfile", "socket", "connect", "accept", "sendto", "recvfrom", "sendmsg",
              "recvmsg", "shutdown", "bind", "listen", "getsockname", "getpeername",
              "socketpair", "setsockopt", "getsockopt", "getpmsg", "putpmsg", "accept4",
              "recvmmsg", "sendmmsg"});
  CHECK(syscall_class("network") == syscall_class("net"));
}

TEST_CASE("classes: %process is the process lifecycle", "[classes]") {
  REQUIRE(syscall_class("process") != nullptr);
  CHECK(*syscall_class("process") ==
        Names{"clone", "fork", "vfork", "execve", "exit", "wait4", "kill", "rt_sigqueueinfo",
              "tkill", "exit_group", "tgkill", "waitid", "rt_tgsigqueueinfo", "execveat",
              "pidfd_send_signal", "clone3"});
}

TEST_CASE("classes: the stat families", "[classes]") {
  CHECK(*syscall_class("stat") == Names{"stat"});
  CHECK(*syscall_class("lstat") == Names{"lstat"});
  CHECK(*syscall_class("fstat") == Names{"fstat", "newfstatat", "statx"});
  CHECK(*syscall_class("%stat") == Names{"stat", "fstat", "lstat", "newfstatat", "statx"});
  CHECK(*syscall_class("%statfs") == Names{"ustat", "statfs", "fstatfs"});
  CHECK(*syscall_class("pure") ==
        Names{"getpid", "getuid", "getgid", "geteuid", "getegid", "getppid", "getpgrp", "gettid"});
}

TEST_CASE("classes: names, and the bare-word forms", "[classes]") {
  CHECK(syscall_class_names() ==
        Names{"net", "network", "file", "process", "desc", "memory", "signal", "ipc", "creds",
              "clock", "stat", "lstat", "fstat", "%stat", "statfs", "fstatfs", "%statfs", "pure"});
  CHECK(syscall_class("bogus") == nullptr);
  CHECK(syscall_class("") == nullptr);
  CHECK(bare_word_syscall_class("file") == syscall_class("file"));
  CHECK(bare_word_syscall_class("network") == syscall_class("net"));
  CHECK(bare_word_syscall_class("net") == nullptr);  // only ever spelled %net
  CHECK(bare_word_syscall_class("creds") == nullptr);
}
