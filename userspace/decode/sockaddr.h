// Decoding of captured struct sockaddr bytes: strace's text form and a structured form for JSON.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sysray::decode {

struct SockaddrInfo {
  int family = -1;             // AF_* number
  std::string family_name;     // "AF_INET", "AF_INET6", "AF_UNIX", "AF_NETLINK", or "AF_<n>"
  std::string addr;            // "127.0.0.1" / "::1" (IPv4/IPv6 only)
  int port = -1;               // host order (IPv4/IPv6 only)
  std::string path;            // AF_UNIX: the path; abstract sockets start with '@'
  uint32_t nl_pid = 0;         // AF_NETLINK
  uint32_t nl_groups = 0;      // AF_NETLINK
};

// nullopt when fewer bytes than a sa_family_t.
std::optional<SockaddrInfo> parse_sockaddr(std::string_view bytes);

// strace's rendering, e.g.
//  {sa_family=AF_INET, sin_port=htons(3001), sin_addr=inet_addr("127.0.0.1")}
//  {sa_family=AF_INET6, sin6_port=htons(3001), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}
//  {sa_family=AF_UNIX, sun_path="/run/x.sock"}   {sa_family=AF_UNIX, sun_path=@"abstract"}
//  {sa_family=AF_UNIX}                            (unnamed: the family alone)
//  {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}
//  {sa_family=AF_INET, sa_data="\v\271"}          (shorter than its family's structure)
//  {sa_family=0x2e /* AF_??? */, sa_data="..."}   (a family strace does not know)
// "" when fewer bytes than a sa_family_t: strace then prints the pointer, which the caller has.
std::string format_sockaddr(std::string_view bytes);

}  // namespace sysray::decode
