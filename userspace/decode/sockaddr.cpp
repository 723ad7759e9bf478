#include "decode/sockaddr.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

#include "decode/address_families.h"
#include "decode/string_escape.h"

namespace sysray::decode {
namespace {

template <typename T>
bool read_as(std::string_view bytes, T& out) {
  if (bytes.size() < sizeof(T)) return false;
  std::memcpy(&out, bytes.data(), sizeof(T));
  return true;
}

std::string family_name(int family) {
  const char* name = address_family_name(family);
  return *name ? name : fmt::format("AF_{}", family);
}

}  // namespace

std::optional<SockaddrInfo> parse_sockaddr(std::string_view bytes) {
  sa_family_t family;
  if (!read_as(bytes, family)) return std::nullopt;
  SockaddrInfo info;
  info.family = family;
  info.family_name = family_name(family);
  char text[INET6_ADDRSTRLEN] = {};
  if (sockaddr_in in; family == AF_INET && read_as(bytes, in)) {
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
    info.addr = text;
    info.port = ntohs(in.sin_port);
  } else if (sockaddr_in6 in6; family == AF_INET6 && read_as(bytes, in6)) {
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof(text));
    info.addr = text;
    info.port = ntohs(in6.sin6_port);
  } else if (family == AF_UNIX) {
    std::string_view path = bytes.substr(offsetof(sockaddr_un, sun_path));
    if (!path.empty() && path[0] == '\0') {
      info.path = "@" + std::string(path.substr(1));  // abstract: the name is not NUL-terminated
    } else {
      info.path = std::string(path.substr(0, path.find('\0')));
    }
  } else if (sockaddr_nl nl; family == AF_NETLINK && read_as(bytes, nl)) {
    info.nl_pid = nl.nl_pid;
    info.nl_groups = nl.nl_groups;
  }
  return info;
}

std::string format_sockaddr(std::string_view bytes) {
  auto info = parse_sockaddr(bytes);
  if (!info) return "{}";
  sockaddr_in6 in6;
  switch (info->family) {
    case AF_INET:
      if (bytes.size() >= sizeof(sockaddr_in))
        return fmt::format("{{sa_family=AF_INET, sin_port=htons({}), sin_addr=inet_addr(\"{}\")}}",
                           info->port, info->addr);
      break;
    case AF_INET6:
      if (read_as(bytes, in6))
        return fmt::format(
            "{{sa_family=AF_INET6, sin6_port=htons({}), sin6_flowinfo=htonl({}), "
            "inet_pton(AF_INET6, \"{}\", &sin6_addr), sin6_scope_id={}}}",
            info->port, ntohl(in6.sin6_flowinfo), info->addr, in6.sin6_scope_id);
      break;
    case AF_UNIX: {
      std::string_view path = bytes.substr(offsetof(sockaddr_un, sun_path));
      if (path.empty()) return "{sa_family=AF_UNIX}";
      if (path[0] == '\0')
        return fmt::format("{{sa_family=AF_UNIX, sun_path=@{}}}", quote_bytes(path.substr(1), false));
      return fmt::format("{{sa_family=AF_UNIX, sun_path={}}}", quote_c_string(path, false));
    }
    case AF_NETLINK:
      if (bytes.size() >= sizeof(sockaddr_nl))
        return fmt::format("{{sa_family=AF_NETLINK, nl_pid={}, nl_groups={:08x}}}", info->nl_pid,
                           info->nl_groups);
      break;
    default:
      break;
  }
  // Unknown or short: the family and the remaining bytes, as strace does.
  return fmt::format("{{sa_family={}, sa_data={}}}", info->family_name,
                     quote_bytes(bytes.substr(sizeof(sa_family_t)), false));
}

}  // namespace sysray::decode
