#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "format/json_escape.h"
#include "format/json_format.h"
#include "syscall_fixtures.h"

using namespace sysray;
using namespace sysray::test;
using sysray::decode::DecodedArg;

namespace {

std::string escaped(std::string_view bytes) {
  fmt::memory_buffer buf;
  append_json_string(buf, bytes);
  return fmt::to_string(buf);
}

std::string json_line(const SyscallEvent& ev, int64_t offset = 0) {
  fmt::memory_buffer buf;
  append_json_syscall(buf, ev, decode_event(ev), decoder().name(ev.nr), JsonOptions{offset});
  return fmt::to_string(buf);
}

std::string json_arg(const DecodedArg& arg) {
  fmt::memory_buffer buf;
  append_json_arg(buf, arg);
  return fmt::to_string(buf);
}

DecodedArg sockaddr_arg(sysray::decode::SockaddrInfo sa) {
  DecodedArg a;
  a.kind = DecodedArg::Kind::Sockaddr;
  a.sockaddr = std::move(sa);
  return a;
}

}  // namespace

TEST_CASE("JSON strings: escapes, UTF-8 kept, other bytes as \\u00XX", "[json]") {
  CHECK(escaped("plain") == "\"plain\"");
  CHECK(escaped("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(escaped("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
  CHECK(escaped(std::string("\0\x01\x1f\x7f", 4)) == "\"\\u0000\\u0001\\u001f\\u007f\"");
  const char* utf8 = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";  // 2, 3 and 4 bytes
  CHECK(escaped(utf8) == fmt::format("\"{}\"", utf8));
  CHECK(escaped("\xff\xfe") == "\"\\u00ff\\u00fe\"");
  CHECK(escaped("\xc3") == "\"\\u00c3\"");                      // cut sequence
  CHECK(escaped("\xc0\xaf") == "\"\\u00c0\\u00af\"");            // overlong '/'
  CHECK(escaped("\xed\xa0\x80") == "\"\\u00ed\\u00a0\\u0080\"");  // surrogate
  CHECK(escaped("\xe2\x82x") == "\"\\u00e2\\u0082x\"");
  CHECK(escaped("") == "\"\"");
}

TEST_CASE("escaped strings read back through a JSON parser", "[json]") {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  auto parsed = nlohmann::json::parse(escaped(all));
  REQUIRE(parsed.is_string());
  // Bytes >= 0x80 that are not UTF-8 read back as U+0080..U+00FF, i.e. two UTF-8 bytes each.
  CHECK(parsed.get<std::string>().substr(0, 128) == all.substr(0, 128));
}

TEST_CASE("a failed bind as JSON", "[json]") {
  auto ev = call(SYS_bind, {3, kStack, 16}, -98);
  capture(ev, 0, SR_READ_BYTES, sockaddr_in_bytes("127.0.0.1", 3001), 16);
  CHECK(json_line(ev, 1'000) ==
        "{\"type\":\"syscall\",\"ts_ns\":5000001000,\"pid\":4242,\"tid\":4242,\"comm\":\"server\","
        "\"syscall\":\"bind\",\"args\":[3,{\"family\":\"AF_INET\",\"addr\":\"127.0.0.1\","
        "\"port\":3001},16],\"ret\":-1,\"errno\":\"EADDRINUSE\",\"dur_ns\":11000}\n");
}

TEST_CASE("strings, symbols, pointers and truncated arguments", "[json]") {
  auto ev = call(SYS_openat, {kAtFdcwd, kStack, 0x80000, 0}, 3);
  capture(ev, 0, SR_READ_STRING, std::string("/tmp/\"x\"\0", 9), 9, SR_CAPF_TRUNCATED);
  CHECK(json_line(ev) ==
        "{\"type\":\"syscall\",\"ts_ns\":5000000000,\"pid\":4242,\"tid\":4242,\"comm\":\"server\","
        "\"syscall\":\"openat\",\"args\":[\"AT_FDCWD\",\"/tmp/\\\"x\\\"\",\"O_RDONLY|O_CLOEXEC\"],"
        "\"truncated_args\":[1],\"ret\":3,\"dur_ns\":11000}\n");

  auto rd = call(SYS_read, {3, kStack, 4096}, -11);
  CHECK(json_line(rd) ==
        "{\"type\":\"syscall\",\"ts_ns\":5000000000,\"pid\":4242,\"tid\":4242,\"comm\":\"server\","
        "\"syscall\":\"read\",\"args\":[3,\"0x7ffc1000\",4096],\"ret\":-1,\"errno\":\"EAGAIN\","
        "\"dur_ns\":11000}\n");

  auto wr = call(SYS_write, {1, kStack, 3}, 3);
  capture(wr, 0, SR_READ_BYTES, std::string("\x00\xff\n", 3), 3);
  CHECK(json_line(wr).find("\"args\":[1,\"\\u0000\\u00ff\\n\",3]") != std::string::npos);
}

TEST_CASE("mmap: NULL is null, flags are strings, the address return is a number", "[json]") {
  auto ev = call(SYS_mmap, {0, 4096, 3, 0x22, static_cast<uint64_t>(-1), 0x1000}, 0x7f1234560000);
  CHECK(json_line(ev).find("\"args\":[null,4096,\"PROT_READ|PROT_WRITE\","
                           "\"MAP_PRIVATE|MAP_ANONYMOUS\",-1,\"0x1000\"],"
                           "\"ret\":139716164190208,") != std::string::npos);
}

TEST_CASE("a call that never returned has a null ret and no duration", "[json]") {
  auto ev = call(SYS_exit_group, {1});
  ev.flags = SR_F_NO_RETURN;
  CHECK(json_line(ev) ==
        "{\"type\":\"syscall\",\"ts_ns\":5000000000,\"pid\":4242,\"tid\":4242,\"comm\":\"server\","
        "\"syscall\":\"exit_group\",\"args\":[1],\"ret\":null}\n");
}

TEST_CASE("an errno without a name is its number", "[json]") {
  auto ev = call(SYS_getppid, {}, -4000);
  CHECK(json_line(ev).find("\"ret\":-1,\"errno\":\"4000\",") != std::string::npos);
}

TEST_CASE("syscall_enter and lost objects", "[json]") {
  auto enter = call(SYS_read, {3, kStack, 4096});
  enter.type = SR_REC_SYSCALL_ENTER;
  enter.comm = "a\"b";
  fmt::memory_buffer buf;
  append_json_syscall_enter(buf, enter, decode_event(enter), "read", JsonOptions{});
  append_json_lost(buf, 17);
  CHECK(fmt::to_string(buf) ==
        "{\"type\":\"syscall_enter\",\"ts_ns\":5000000000,\"pid\":4242,\"tid\":4242,"
        "\"comm\":\"a\\\"b\",\"syscall\":\"read\",\"args\":[3,\"0x7ffc1000\",4096]}\n"
        "{\"type\":\"lost\",\"count\":17}\n");
}

TEST_CASE("socket addresses of each family", "[json]") {
  sysray::decode::SockaddrInfo in6;
  in6.family = AF_INET6;
  in6.family_name = "AF_INET6";
  in6.addr = "::1";
  in6.port = 443;
  CHECK(json_arg(sockaddr_arg(in6)) == "{\"family\":\"AF_INET6\",\"addr\":\"::1\",\"port\":443}");

  sysray::decode::SockaddrInfo un;
  un.family = AF_UNIX;
  un.family_name = "AF_UNIX";
  un.path = "@abstract";
  CHECK(json_arg(sockaddr_arg(un)) == "{\"family\":\"AF_UNIX\",\"path\":\"@abstract\"}");

  sysray::decode::SockaddrInfo nl;
  nl.family = AF_NETLINK;
  nl.family_name = "AF_NETLINK";
  nl.nl_pid = 12;
  nl.nl_groups = 5;
  CHECK(json_arg(sockaddr_arg(nl)) == "{\"family\":\"AF_NETLINK\",\"pid\":12,\"groups\":5}");

  sysray::decode::SockaddrInfo other;
  other.family = 40;
  other.family_name = "AF_VSOCK";
  CHECK(json_arg(sockaddr_arg(other)) == "{\"family\":\"AF_VSOCK\"}");

  DecodedArg unparsed;
  unparsed.kind = DecodedArg::Kind::Sockaddr;
  unparsed.text = "{sa_family=???}";
  CHECK(json_arg(unparsed) == "\"{sa_family=???}\"");
}

TEST_CASE("unsigned arguments print unsigned", "[json]") {
  DecodedArg a;
  a.kind = DecodedArg::Kind::Unsigned;
  a.value = -1;
  CHECK(json_arg(a) == "18446744073709551615");
}
