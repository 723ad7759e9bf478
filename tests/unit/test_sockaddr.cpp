#include <arpa/inet.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <string>

#include "decode/sockaddr.h"

using namespace sysray::decode;
using namespace std::string_literals;

namespace {

template <typename T>
std::string bytes_of(const T& sa, size_t len = sizeof(T)) {
  return std::string(reinterpret_cast<const char*>(&sa), len);
}

std::string in4(const char* ip, uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  inet_pton(AF_INET, ip, &sa.sin_addr);
  return bytes_of(sa);
}

sockaddr_in6 in6(const char* ip, uint16_t port, uint32_t flowinfo = 0, uint32_t scope_id = 0) {
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  sa.sin6_port = htons(port);
  sa.sin6_flowinfo = htonl(flowinfo);
  sa.sin6_scope_id = scope_id;
  inet_pton(AF_INET6, ip, &sa.sin6_addr);
  return sa;
}

// sa_family then `rest`, as a raw address of a family with no decoder.
std::string raw(uint16_t family, const std::string& rest) {
  return std::string(reinterpret_cast<const char*>(&family), sizeof(family)) + rest;
}

constexpr size_t kSunPath = offsetof(sockaddr_un, sun_path);

}  // namespace

// The expected strings below are strace 6.1's output for the same connect(2) arguments.

TEST_CASE("sockaddr: AF_INET", "[sockaddr]") {
  CHECK(format_sockaddr(in4("127.0.0.1", 3001)) ==
        R"({sa_family=AF_INET, sin_port=htons(3001), sin_addr=inet_addr("127.0.0.1")})");
  // sockaddr_storage-sized: the tail is padding.
  CHECK(format_sockaddr(in4("0.0.0.0", 80) + std::string(112, '\0')) ==
        R"({sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("0.0.0.0")})");
  auto info = parse_sockaddr(in4("10.0.0.2", 40000));
  REQUIRE(info);
  CHECK(info->family == AF_INET);
  CHECK(info->family_name == "AF_INET");
  CHECK(info->addr == "10.0.0.2");
  CHECK(info->port == 40000);
}

TEST_CASE("sockaddr: AF_INET shorter than sockaddr_in is raw sa_data", "[sockaddr]") {
  std::string full = in4("127.0.0.1", 3001);
  CHECK(format_sockaddr(full.substr(0, 8)) == R"({sa_family=AF_INET, sa_data="\v\271\177\0\0\1"})");
  CHECK(format_sockaddr(full.substr(0, 4)) == R"({sa_family=AF_INET, sa_data="\v\271"})");
  CHECK(format_sockaddr(full.substr(0, 2)) == "{sa_family=AF_INET}");
  auto info = parse_sockaddr(full.substr(0, 8));
  REQUIRE(info);
  CHECK(info->addr.empty());
  CHECK(info->port == -1);
}

TEST_CASE("sockaddr: AF_INET6", "[sockaddr]") {
  CHECK(format_sockaddr(bytes_of(in6("::1", 3001))) ==
        "{sa_family=AF_INET6, sin6_port=htons(3001), sin6_flowinfo=htonl(0), "
        R"(inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0})");
  CHECK(format_sockaddr(bytes_of(in6("::ffff:1.2.3.4", 3001, 5))) ==
        "{sa_family=AF_INET6, sin6_port=htons(3001), sin6_flowinfo=htonl(5), "
        R"(inet_pton(AF_INET6, "::ffff:1.2.3.4", &sin6_addr), sin6_scope_id=0})");
  auto info = parse_sockaddr(bytes_of(in6("2001:db8::7", 443)));
  REQUIRE(info);
  CHECK(info->family_name == "AF_INET6");
  CHECK(info->addr == "2001:db8::7");
  CHECK(info->port == 443);
}

TEST_CASE("sockaddr: AF_INET6 scope id", "[sockaddr]") {
  // Only a link-local address names its interface; an index no interface has stays a number.
  CHECK(format_sockaddr(bytes_of(in6("2001:db8::1", 1, 0, 3))).ends_with("sin6_scope_id=3}"));
  CHECK(format_sockaddr(bytes_of(in6("fe80::1", 1, 0, 999999))).ends_with("sin6_scope_id=999999}"));
  if (unsigned lo = if_nametoindex("lo"))
    CHECK(format_sockaddr(bytes_of(in6("fe80::1", 1, 0, lo)))
              .ends_with(R"(sin6_scope_id=if_nametoindex("lo")})"));
}

TEST_CASE("sockaddr: short AF_INET6", "[sockaddr]") {
  sockaddr_in6 sa = in6("::ffff:1.2.3.4", 3001, 5);
  // 24 bytes (no sin6_scope_id) is still a whole address.
  CHECK(format_sockaddr(bytes_of(sa, 24)) ==
        "{sa_family=AF_INET6, sin6_port=htons(3001), sin6_flowinfo=htonl(5), "
        R"(inet_pton(AF_INET6, "::ffff:1.2.3.4", &sin6_addr)})");
  // A partial scope id is printed, its missing bytes as zero.
  sa.sin6_scope_id = 0x0a0b0c0d;
  CHECK(format_sockaddr(bytes_of(sa, 25)).ends_with("sin6_scope_id=13}"));
  CHECK(format_sockaddr(bytes_of(sa, 20)) ==
        R"({sa_family=AF_INET6, sa_data="\v\271\0\0\0\5\0\0\0\0\0\0\0\0\0\0\377\377"})");
}

TEST_CASE("sockaddr: AF_UNIX path, abstract and unnamed", "[sockaddr]") {
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  std::strcpy(un.sun_path, "/run/x.sock");
  const char* expected = R"({sa_family=AF_UNIX, sun_path="/run/x.sock"})";
  CHECK(format_sockaddr(bytes_of(un)) == expected);
  CHECK(format_sockaddr(bytes_of(un, kSunPath + 12)) == expected);  // with the NUL
  CHECK(format_sockaddr(bytes_of(un, kSunPath + 11)) == expected);  // without it
  CHECK(format_sockaddr(bytes_of(un, kSunPath + 4)) == R"({sa_family=AF_UNIX, sun_path="/run"})");
  CHECK(parse_sockaddr(bytes_of(un))->path == "/run/x.sock");

  CHECK(format_sockaddr(bytes_of(un, kSunPath)) == "{sa_family=AF_UNIX}");
  CHECK(parse_sockaddr(bytes_of(un, kSunPath))->path.empty());

  // Abstract: everything after the leading NUL, NULs included, up to the address length.
  std::string abstract = raw(AF_UNIX, "\0abs\n"s);
  CHECK(format_sockaddr(abstract) == R"({sa_family=AF_UNIX, sun_path=@"abs\n"})");
  CHECK(parse_sockaddr(abstract)->path == "@abs\n");
  CHECK(format_sockaddr(raw(AF_UNIX, "\0a\0b"s)) == R"({sa_family=AF_UNIX, sun_path=@"a\0b"})");
  CHECK(format_sockaddr(raw(AF_UNIX, "\0"s)) == R"({sa_family=AF_UNIX, sun_path=@""})");
}

TEST_CASE("sockaddr: AF_UNIX path is at most sun_path's 108 bytes", "[sockaddr]") {
  std::string path(120, 'x');
  CHECK(format_sockaddr(raw(AF_UNIX, path)) ==
        "{sa_family=AF_UNIX, sun_path=\"" + std::string(108, 'x') + "\"}");
  CHECK(parse_sockaddr(raw(AF_UNIX, path))->path == std::string(108, 'x'));
}

TEST_CASE("sockaddr: AF_NETLINK", "[sockaddr]") {
  sockaddr_nl nl{};
  nl.nl_family = AF_NETLINK;
  CHECK(format_sockaddr(bytes_of(nl)) == "{sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}");
  nl.nl_pid = 12;
  nl.nl_groups = 5;
  CHECK(format_sockaddr(bytes_of(nl)) == "{sa_family=AF_NETLINK, nl_pid=12, nl_groups=0x000005}");
  auto info = parse_sockaddr(bytes_of(nl));
  REQUIRE(info);
  CHECK(info->nl_pid == 12);
  CHECK(info->nl_groups == 5);
  nl.nl_pid = 0xffffffff;
  nl.nl_groups = 0xffffffff;
  CHECK(format_sockaddr(bytes_of(nl)) == "{sa_family=AF_NETLINK, nl_pid=-1, nl_groups=0xffffffff}");
  CHECK(format_sockaddr(bytes_of(nl, 8)) == R"({sa_family=AF_NETLINK, sa_data="\0\0\377\377\377\377"})");
  nl.nl_pad = 0x6b00;
  CHECK(format_sockaddr(bytes_of(nl)) ==
        "{sa_family=AF_NETLINK, nl_pad=0x6b00, nl_pid=-1, nl_groups=0xffffffff}");
}

TEST_CASE("sockaddr: AF_UNSPEC and families without a decoder", "[sockaddr]") {
  CHECK(format_sockaddr(raw(AF_UNSPEC, std::string(14, '\0'))) ==
        R"({sa_family=AF_UNSPEC, sa_data="\0\0\0\0\0\0\0\0\0\0\0\0\0\0"})");
  CHECK(format_sockaddr(raw(AF_UNSPEC, "")) == "{sa_family=AF_UNSPEC}");
  // sa_data is not limited to sockaddr's 14 bytes nor to -s.
  CHECK(format_sockaddr(raw(AF_UNSPEC, std::string(38, 'x'))) ==
        "{sa_family=AF_UNSPEC, sa_data=\"" + std::string(38, 'x') + "\"}");
  std::string tail = "ab\0\1\2\3\4\5\6\7\10\t\n\v"s;
  CHECK(format_sockaddr(raw(AF_PACKET, tail)) ==
        R"({sa_family=AF_PACKET, sa_data="ab\0\1\2\3\4\5\6\7\10\t\n\v"})");
  CHECK(format_sockaddr(raw(46, std::string(14, 'x'))) ==
        R"({sa_family=0x2e /* AF_??? */, sa_data="xxxxxxxxxxxxxx"})");
  CHECK(format_sockaddr(raw(0xffff, "ab")) == R"({sa_family=0xffff /* AF_??? */, sa_data="ab"})");

  auto vsock = parse_sockaddr(raw(AF_VSOCK, std::string(14, '\0')));
  REQUIRE(vsock);
  CHECK(vsock->family == AF_VSOCK);
  CHECK(vsock->family_name == "AF_VSOCK");
  CHECK(parse_sockaddr(raw(46, ""))->family_name == "AF_46");
}

TEST_CASE("sockaddr: fewer bytes than sa_family", "[sockaddr]") {
  CHECK_FALSE(parse_sockaddr(""));
  CHECK_FALSE(parse_sockaddr("\2"));
  CHECK(format_sockaddr("") == "");  // the caller prints the pointer, like strace
  CHECK(format_sockaddr("\2") == "");
}
