// --listen ADDR:PORT: a numeric IPv4 address, a bracketed IPv6 one ([::1]:9464), or
// "localhost"; checked before anything is loaded, so a typo costs nothing.
#pragma once
#include <string>
#include <string_view>

namespace sysray::exporter {

struct ListenAddress {
  std::string host;  // numeric, without brackets ("127.0.0.1", "::1")
  int port = 0;      // 1..65535

  std::string text() const;  // "127.0.0.1:9464", "[::1]:9464"
};

// Throws UserError ("bad --listen 'x': expected ADDR:PORT, ...") on anything else.
ListenAddress parse_listen_address(std::string_view text);

}  // namespace sysray::exporter
