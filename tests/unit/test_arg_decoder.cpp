#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "decode/msg_flags.h"
#include "syscall_fixtures.h"

using namespace sysray::test;
using sysray::SyscallEvent;
using Kind = sysray::decode::DecodedArg::Kind;
using Texts = std::vector<std::string>;

TEST_CASE("openat: dirfd, path and flags; mode only when creating", "[decoder]") {
  auto ev = call(SYS_openat, {kAtFdcwd, kStack, O_RDONLY | O_CLOEXEC, 0}, 3);
  capture_path(ev, 0, "/etc/passwd");
  auto args = decode_event(ev);
  CHECK(texts(args) == Texts{"AT_FDCWD", "\"/etc/passwd\"", "O_RDONLY|O_CLOEXEC"});
  CHECK(args[0].kind == Kind::Symbol);
  CHECK(args[0].value == -100);
  CHECK(args[1].kind == Kind::String);
  CHECK(args[1].bytes == "/etc/passwd");
  CHECK_FALSE(args[1].truncated);

  ev.args[2] = O_WRONLY | O_CREAT | O_TRUNC;
  ev.args[3] = 0644;
  CHECK(texts(decode_event(ev)) ==
        Texts{"AT_FDCWD", "\"/etc/passwd\"", "O_WRONLY|O_CREAT|O_TRUNC", "0644"});
}

TEST_CASE("a path that could not be read, or a NULL one, prints as a pointer", "[decoder]") {
  auto ev = call(SYS_openat, {3, kStack, O_RDONLY, 0}, -14);
  capture(ev, 0, SR_READ_STRING, "", 0, SR_CAPF_FAULT);
  auto args = decode_event(ev);
  CHECK(texts(args) == Texts{"3", "0x7ffc1000", "O_RDONLY"});
  CHECK(args[0].kind == Kind::Int);
  CHECK(args[1].kind == Kind::Pointer);

  ev.args[1] = 0;
  ev.cap[0] = {};  // the BPF side captures nothing behind a NULL pointer
  CHECK(decode_event(ev)[1].text == "NULL");
}

TEST_CASE("a path cut at SR_PATH_MAX is marked truncated", "[decoder]") {
  auto ev = call(SYS_openat, {kAtFdcwd, kStack, O_RDONLY, 0}, 3);
  capture(ev, 0, SR_READ_STRING, std::string("/very/lo\0", 9), 9, SR_CAPF_TRUNCATED);
  auto args = decode_event(ev);
  CHECK(args[1].text == "\"/very/lo\"...");
  CHECK(args[1].bytes == "/very/lo");
  CHECK(args[1].truncated);
}

TEST_CASE("read: the bytes returned, \"\" at end of file, the pointer on failure", "[decoder]") {
  auto ev = call(SYS_read, {3, kStack, 4096}, 5);
  capture(ev, 0, SR_READ_BYTES, "hello", 5);
  auto args = decode_event(ev);
  CHECK(texts(args) == Texts{"3", "\"hello\"", "4096"});
  CHECK(args[1].kind == Kind::Buffer);
  CHECK(args[1].bytes == "hello");
  CHECK(args[1].at_exit);
  CHECK_FALSE(args[0].at_exit);
  CHECK_FALSE(args[2].at_exit);
  CHECK(args[2].kind == Kind::Unsigned);

  auto eof = call(SYS_read, {3, kStack, 4096}, 0);
  CHECK(texts(decode_event(eof)) == Texts{"3", "\"\"", "4096"});

  auto failed = call(SYS_read, {3, kStack, 4096}, -11);
  CHECK(texts(decode_event(failed)) == Texts{"3", "0x7ffc1000", "4096"});

  auto blocked = call(SYS_read, {3, kStack, 4096});
  blocked.type = SR_REC_SYSCALL_ENTER;
  CHECK(texts(decode_event(blocked)) == Texts{"3", "0x7ffc1000", "4096"});
}

TEST_CASE("buffers longer than the snapshot print with ...", "[decoder]") {
  auto ev = call(SYS_write, {1, kStack, 10}, 10);
  capture(ev, 0, SR_READ_BYTES, "hello", 10, SR_CAPF_TRUNCATED);
  auto args = decode_event(ev);
  CHECK(texts(args) == Texts{"1", "\"hello\"...", "10"});
  CHECK(args[1].truncated);

  // full_len alone says so too
  capture(ev, 0, SR_READ_BYTES, "hel", 10);
  CHECK(decode_event(ev)[1].text == "\"hel\"...");

  capture(ev, 0, SR_READ_BYTES, "a\nb", 3);
  CHECK(decode_event(ev)[1].text == "\"a\\nb\"");
}

TEST_CASE("bind: the address as strace shows it, and structured", "[decoder]") {
  auto ev = call(SYS_bind, {3, kStack, 16}, -98);
  capture(ev, 0, SR_READ_BYTES, sockaddr_in_bytes("127.0.0.1", 3001), 16);
  auto args = decode_event(ev);
  CHECK(texts(args) ==
        Texts{"3", "{sa_family=AF_INET, sin_port=htons(3001), sin_addr=inet_addr(\"127.0.0.1\")}",
              "16"});
  REQUIRE(args[1].sockaddr);
  CHECK(args[1].kind == Kind::Sockaddr);
  CHECK(args[1].sockaddr->family_name == "AF_INET");
  CHECK(args[1].sockaddr->addr == "127.0.0.1");
  CHECK(args[1].sockaddr->port == 3001);
  CHECK(args[1].value == static_cast<int64_t>(kStack));
}

TEST_CASE("accept4: peer address and [length in => length back] when it succeeded", "[decoder]") {
  // Slot 0: the length going in (read at enter); slot 1: the address (at exit).
  auto ev = call(SYS_accept4, {3, kStack, kStack + 64, SOCK_CLOEXEC}, 4);
  capture(ev, 0, SR_READ_BYTES, int_bytes(16), 4);
  capture(ev, 1, SR_READ_BYTES, sockaddr_in_bytes("10.0.0.2", 40000), 16);
  auto args = decode_event(ev);
  CHECK(texts(args) ==
        Texts{"3", "{sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr(\"10.0.0.2\")}",
              "[16]", "SOCK_CLOEXEC"});
  CHECK(args[2].kind == Kind::Int);
  CHECK(args[2].value == 16);
  CHECK(args[2].at_exit);
  // Go passes sizeof(RawSockaddrAny): strace's "[112 => 16]".
  capture(ev, 0, SR_READ_BYTES, int_bytes(112), 4);
  args = decode_event(ev);
  CHECK(args[2].text == "[112 => 16]");
  CHECK(args[2].value == 16);
  // The length going in unknown (no slot, unreadable): the length back alone.
  ev.cap[0] = {};
  CHECK(decode_event(ev)[2].text == "[16]");

  auto failed = call(SYS_accept4, {3, kStack, kStack + 64, 0}, -11);
  capture(failed, 0, SR_READ_BYTES, int_bytes(112), 4);
  CHECK(texts(decode_event(failed)) == Texts{"3", "0x7ffc1000", "[112]", "0"});
  failed.cap[0] = {};
  CHECK(texts(decode_event(failed)) == Texts{"3", "0x7ffc1000", "0x7ffc1040", "0"});
}

TEST_CASE("sendto and recvfrom: buffer, MSG_ flags, address", "[decoder]") {
  auto ev = call(SYS_sendto, {5, kStack, 2, MSG_DONTWAIT | MSG_NOSIGNAL, kStack + 64, 16}, 2);
  capture(ev, 0, SR_READ_BYTES, "hi", 2);
  capture(ev, 1, SR_READ_BYTES, sockaddr_in_bytes("127.0.0.1", 53), 16);
  CHECK(texts(decode_event(ev)) ==
        Texts{"5", "\"hi\"", "2", "MSG_DONTWAIT|MSG_NOSIGNAL",
              "{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.1\")}", "16"});

  // Slot 0: the address length going in (at enter), then the buffer and the address.
  auto rv = call(SYS_recvfrom, {5, kStack, 512, 0, kStack + 600, kStack + 700}, 3);
  capture(rv, 0, SR_READ_BYTES, int_bytes(128), 4);
  capture(rv, 1, SR_READ_BYTES, "abc", 3);
  capture(rv, 2, SR_READ_BYTES, sockaddr_in_bytes("127.0.0.1", 53), 16);
  CHECK(texts(decode_event(rv)) ==
        Texts{"5", "\"abc\"", "512", "0",
              "{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.1\")}",
              "[128 => 16]"});
  capture(rv, 0, SR_READ_BYTES, int_bytes(16), 4);
  CHECK(decode_event(rv)[5].text == "[16]");

  // A stream socket reports no source address: the kernel writes back length 0.
  capture(rv, 2, SR_READ_BYTES, "", 0);
  auto args = decode_event(rv);
  CHECK(args[4].text == "0x7ffc1258");
  CHECK(args[4].kind == Kind::Pointer);
  CHECK(args[5].text == "[16 => 0]");
}

TEST_CASE("sendmsg: msg_name only", "[decoder]") {
  auto ev = call(SYS_sendmsg, {5, kStack, 0}, 2);
  capture(ev, 0, SR_READ_BYTES, sockaddr_in_bytes("127.0.0.1", 53), 16);
  auto args = decode_event(ev);
  CHECK(args[1].text ==
        "{msg_name={sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.1\")}, "
        "msg_namelen=16, ...}");
  CHECK(args[1].kind == Kind::Sockaddr);
  REQUIRE(args[1].sockaddr);
  CHECK(args[1].sockaddr->port == 53);

  capture(ev, 0, SR_READ_BYTES, "", 0);  // a connected socket: msg_name NULL
  args = decode_event(ev);
  CHECK(args[1].text == "{msg_name=NULL, ...}");
  CHECK(args[1].kind == Kind::Pointer);
  CHECK(args[1].value == static_cast<int64_t>(kStack));
}

TEST_CASE("mmap: pointers, PROT_ and MAP_ sets, a signed fd, a hex offset", "[decoder]") {
  auto ev = call(SYS_mmap, {0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                            static_cast<uint64_t>(-1), 0},
                 0x7f0000001000);
  CHECK(texts(decode_event(ev)) ==
        Texts{"NULL", "8192", "PROT_READ|PROT_WRITE", "MAP_PRIVATE|MAP_ANONYMOUS", "-1", "0"});
  ev.args[0] = 0x7f0000000000;
  ev.args[5] = 0x26000;
  auto args = decode_event(ev);
  CHECK(args[0].text == "0x7f0000000000");
  CHECK(args[5].text == "0x26000");
  CHECK(args[5].kind == Kind::Hex);
}

TEST_CASE("an int argument ignores the upper half of its register", "[decoder]") {
  auto ev = call(SYS_exit_group, {0xdeadbeefffffffffull});
  auto args = decode_event(ev);
  CHECK(texts(args) == Texts{"-1"});
  CHECK(args[0].value == -1);
}

TEST_CASE("socket: domain, type, protocol", "[decoder]") {
  auto ev = call(SYS_socket, {AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP}, 3);
  CHECK(texts(decode_event(ev)) == Texts{"AF_INET", "SOCK_STREAM|SOCK_CLOEXEC", "IPPROTO_TCP"});
}

TEST_CASE("syscalls the table does not know: syscall_NNN with six hex registers", "[decoder]") {
  const auto& d = decoder();
  CHECK(d.name(SYS_bind) == "bind");
  CHECK(d.name(335) == "syscall_335");
  auto ev = call(335, {1, 0, 0xff, 3, 4, 5});
  CHECK(texts(decode_event(ev)) == Texts{"0x1", "0", "0xff", "0x3", "0x4", "0x5"});
  CHECK(d.name(SR_MAX_SYSCALLS + 5) == "syscall_unknown");
}

TEST_CASE("a reused output vector carries nothing over", "[decoder]") {
  std::vector<sysray::decode::DecodedArg> args;
  auto bind = call(SYS_bind, {3, kStack, 16}, 0);
  capture(bind, 0, SR_READ_BYTES, sockaddr_in_bytes("127.0.0.1", 1), 16);
  decoder().decode(bind, args);
  auto write = call(SYS_write, {1, kStack, 10}, 10);
  capture(write, 0, SR_READ_BYTES, "hello", 10, SR_CAPF_TRUNCATED);
  decoder().decode(write, args);
  auto read = call(SYS_read, {3, kStack, 4096}, -11);
  decoder().decode(read, args);
  REQUIRE(args.size() == 3);
  CHECK(texts(args) == Texts{"3", "0x7ffc1000", "4096"});
  CHECK_FALSE(args[1].sockaddr);
  CHECK_FALSE(args[1].truncated);
  CHECK(args[1].bytes.empty());
}

TEST_CASE("MSG_ and accept4 flag sets", "[decoder]") {
  using sysray::decode::format_accept_flags;
  using sysray::decode::format_msg_flags;
  CHECK(format_msg_flags(0) == "0");
  CHECK(format_msg_flags(MSG_PEEK | MSG_TRUNC) == "MSG_PEEK|MSG_TRUNC");
  CHECK(format_msg_flags(MSG_DONTWAIT | 0x100000) == "MSG_DONTWAIT|0x100000");
  CHECK(format_msg_flags(0x100000) == "0x100000 /* MSG_??? */");
  CHECK(format_accept_flags(0) == "0");
  CHECK(format_accept_flags(SOCK_NONBLOCK | SOCK_CLOEXEC) == "SOCK_CLOEXEC|SOCK_NONBLOCK");
}
