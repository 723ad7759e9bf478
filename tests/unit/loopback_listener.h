// Test helper (unit and runtime tests): a TCP listener on 127.0.0.1 at a port the kernel picks,
// so that the port is in use while it lives; and a port that is free right now.
#pragma once
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>

#include "util/unique_fd.h"

namespace sysray::test_support {

struct LoopbackListener {
  UniqueFd fd{socket(AF_INET, SOCK_STREAM, 0)};
  int port = 0;

  LoopbackListener() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
    REQUIRE(listen(fd.get(), 4) == 0);
    socklen_t len = sizeof(a);
    REQUIRE(getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len) == 0);
    port = ntohs(a.sin_port);
  }
};

// The kernel's pick of a free port, released again (another program could take it meanwhile:
// good enough for tests on one machine).
inline int free_loopback_port() { return LoopbackListener().port; }

// A connection to 127.0.0.1:port that will send nothing.
inline UniqueFd silent_client(int port) {
  UniqueFd s(socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  return s;
}

}  // namespace sysray::test_support
