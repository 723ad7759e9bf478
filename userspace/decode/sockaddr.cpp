#include "decode/sockaddr.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include <fmt/format.h>

#include "decode/address_families.h"
#include "decode/string_escape.h"

namespace sysray::decode {
namespace {

// strace decodes a family's fields only when the whole structure is there; a shorter address
// prints as raw sa_data. IPv6 is whole without sin6_scope_id (RFC 2133's 24-byte form); any byte
// of the scope id makes strace print it, the missing ones read as zero.
constexpr size_t kFamilySize = sizeof(sa_family_t);
constexpr size_t kSin6MinSize = offsetof(sockaddr_in6, sin6_scope_id);
constexpr size_t kSunPathOffset = offsetof(sockaddr_un, sun_path);
constexpr size_t kSunPathMax = sizeof(sockaddr_un::sun_path);

// The sockaddr as type T when `bytes` holds at least `min_size` bytes of it; the missing tail
// (IPv6's scope id) reads as 0.
template <typename T>
bool read_as(std::string_view bytes, T& out, size_t min_size = sizeof(T)) {
  if (bytes.size() < min_size) return false;
  out = T{};
  std::memcpy(&out, bytes.data(), std::min(bytes.size(), sizeof(T)));
  return true;
}

std::string ntop(int family, const void* addr) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, addr, text, sizeof(text));
  return text;
}

// sun_path as the kernel reads it: at most 108 bytes, and no more than the address length.
std::string_view sun_path(std::string_view bytes) {
  return bytes.substr(kSunPathOffset, kSunPathMax);
}

bool is_abstract(std::string_view path) { return !path.empty() && path[0] == '\0'; }

// strace names the interface of a link-local address: if_nametoindex("eth0").
std::string scope_id_text(const sockaddr_in6& in6) {
  char name[IF_NAMESIZE] = {};
  bool link_local =
      IN6_IS_ADDR_LINKLOCAL(&in6.sin6_addr) || IN6_IS_ADDR_MC_LINKLOCAL(&in6.sin6_addr);
  if (in6.sin6_scope_id && link_local && if_indextoname(in6.sin6_scope_id, name))
    return fmt::format("if_nametoindex(\"{}\")", name);
  return std::to_string(in6.sin6_scope_id);
}

std::string format_in(const sockaddr_in& in) {
  return fmt::format("sin_port=htons({}), sin_addr=inet_addr(\"{}\")", ntohs(in.sin_port),
                     ntop(AF_INET, &in.sin_addr));
}

std::string format_in6(const sockaddr_in6& in6, bool with_scope_id) {
  std::string out = fmt::format(
      "sin6_port=htons({}), sin6_flowinfo=htonl({}), inet_pton(AF_INET6, \"{}\", &sin6_addr)",
      ntohs(in6.sin6_port), ntohl(in6.sin6_flowinfo), ntop(AF_INET6, &in6.sin6_addr));
  if (with_scope_id) out += ", sin6_scope_id=" + scope_id_text(in6);
  return out;
}

// An abstract name is all the bytes after the leading NUL (NULs included); a path name stops
// at its NUL.
std::string format_un(std::string_view path) {
  if (is_abstract(path)) return "sun_path=@" + quote_bytes(path.substr(1), false);
  return "sun_path=" + quote_c_string(path, false);
}

// C's %#08x, as strace prints nl_groups: "00000000" but "0x000005". The padding shows only when
// it is not zero.
std::string format_nl(const sockaddr_nl& nl) {
  std::string pad = nl.nl_pad ? fmt::format("nl_pad={:#x}, ", nl.nl_pad) : "";
  std::string groups = nl.nl_groups ? fmt::format("{:#08x}", nl.nl_groups) : "00000000";
  return fmt::format("{}nl_pid={}, nl_groups={}", pad, static_cast<int32_t>(nl.nl_pid), groups);
}

// The fields after sa_family, or "" when the family is unknown or the address too short.
std::string format_fields(int family, std::string_view bytes) {
  sockaddr_in in;
  sockaddr_in6 in6;
  sockaddr_nl nl;
  switch (family) {
    case AF_INET:
      if (read_as(bytes, in)) return format_in(in);
      break;
    case AF_INET6:
      if (read_as(bytes, in6, kSin6MinSize)) return format_in6(in6, bytes.size() > kSin6MinSize);
      break;
    case AF_UNIX: return format_un(sun_path(bytes));
    case AF_NETLINK:
      if (read_as(bytes, nl)) return format_nl(nl);
      break;
    default: break;
  }
  return "sa_data=" + quote_bytes(bytes.substr(kFamilySize), false);
}

}  // namespace

std::optional<SockaddrInfo> parse_sockaddr(std::string_view bytes) {
  sa_family_t family;
  if (!read_as(bytes, family)) return std::nullopt;
  SockaddrInfo info;
  info.family = family;
  const char* name = address_family_name(family);
  info.family_name = *name ? name : fmt::format("AF_{}", family);
  sockaddr_in in;
  sockaddr_in6 in6;
  sockaddr_nl nl;
  if (family == AF_INET && read_as(bytes, in)) {
    info.addr = ntop(AF_INET, &in.sin_addr);
    info.port = ntohs(in.sin_port);
  } else if (family == AF_INET6 && read_as(bytes, in6, kSin6MinSize)) {
    info.addr = ntop(AF_INET6, &in6.sin6_addr);
    info.port = ntohs(in6.sin6_port);
  } else if (family == AF_UNIX) {
    std::string_view path = sun_path(bytes);
    info.path = is_abstract(path) ? "@" + std::string(path.substr(1))
                                  : std::string(path.substr(0, path.find('\0')));
  } else if (family == AF_NETLINK && read_as(bytes, nl)) {
    info.nl_pid = nl.nl_pid;
    info.nl_groups = nl.nl_groups;
  }
  return info;
}

std::string format_sockaddr(std::string_view bytes) {
  sa_family_t family;
  if (!read_as(bytes, family)) return "";
  std::string out = "{sa_family=" + address_family_text(family);
  if (bytes.size() > kFamilySize) out += ", " + format_fields(family, bytes);
  out += '}';
  return out;
}

}  // namespace sysray::decode
