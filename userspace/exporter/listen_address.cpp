#include "exporter/listen_address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>

#include "util/user_error.h"

namespace sysray::exporter {

std::string ListenAddress::text() const {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                             : fmt::format("{}:{}", host, port);
}

ListenAddress parse_listen_address(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return UserError(fmt::format("bad --listen '{}': {} (expected ADDR:PORT, e.g. 127.0.0.1:9464 or [::1]:9464)",
                                 text, why));
  };
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) throw bad("no port");
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  ListenAddress a;
  a.host = host == "localhost" ? "127.0.0.1" : std::string(host);
  unsigned char buf[16];
  bool v6 = inet_pton(AF_INET6, a.host.c_str(), buf) == 1;
  bool v4 = inet_pton(AF_INET, a.host.c_str(), buf) == 1;
  if (a.host.empty() || !(v4 || v6)) throw bad("not a numeric IPv4 or IPv6 address");
  if (v6 && !bracketed) throw bad("an IPv6 address goes in brackets");
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
  if (ec != std::errc() || end != port.data() + port.size() || a.port < 1 || a.port > 65535)
    throw bad("the port must be a number from 1 to 65535");
  return a;
}

}  // namespace sysray::exporter
