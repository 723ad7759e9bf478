// tcp_loopback [PORT=3011] [v4|v6] [PAYLOAD=hello]: one TCP exchange on 127.0.0.1 or ::1.
// The client binds PORT+1 so that every address in the trace is known in advance, and the
// server resets the connection on close (SO_LINGER 0) so that no TIME_WAIT blocks a rerun.
// Syscalls, in order (FAMILY = AF_INET or AF_INET6, LEN = 16 or 28):
//   socket(FAMILY, SOCK_STREAM, IPPROTO_IP) = 3             listener
//   bind(3, loopback:PORT, LEN) = 0
//   listen(3, 1) = 0
//   socket(FAMILY, SOCK_STREAM, IPPROTO_IP) = 4             client
//   bind(4, loopback:PORT+1, LEN) = 0
//   connect(4, loopback:PORT, LEN) = 0
//   accept(3, loopback:PORT+1, [LEN]) = 5
//   sendto(4, PAYLOAD, strlen(PAYLOAD), 0, NULL, 0) = strlen(PAYLOAD)
//   recvfrom(5, PAYLOAD, 64, 0, NULL, NULL) = strlen(PAYLOAD)
//   setsockopt(5, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0
//   close(5), close(4), close(3)
#include <unistd.h>

#include <string_view>

#include "workload.h"

int main(int argc, char** argv) {
  int port = workload::arg_long(argc, argv, 1, 3011);
  bool v6 = std::string_view(workload::arg_str(argc, argv, 2, "v4")) == "v6";
  const char* payload = workload::arg_str(argc, argv, 3, "hello");
  size_t payload_len = std::strlen(payload);
  auto server_addr = workload::loopback(port, v6);
  auto client_addr = workload::loopback(port + 1, v6);

  int listener = socket(server_addr.family, SOCK_STREAM, 0);
  workload::check(listener >= 0, "socket");
  workload::check(bind(listener, server_addr.get(), server_addr.len) == 0, "bind");
  workload::check(listen(listener, 1) == 0, "listen");

  int client = socket(server_addr.family, SOCK_STREAM, 0);
  workload::check(client >= 0, "socket");
  workload::check(bind(client, client_addr.get(), client_addr.len) == 0, "bind (client)");
  workload::check(connect(client, server_addr.get(), server_addr.len) == 0, "connect");

  workload::LoopbackAddr peer;
  peer.len = server_addr.len;  // the exact size: strace then shows [LEN], not [128 => LEN]
  int conn = accept(listener, peer.get(), &peer.len);
  workload::check(conn >= 0, "accept");

  ssize_t sent = sendto(client, payload, payload_len, 0, nullptr, 0);
  workload::check(sent == ssize_t(payload_len), "sendto");
  char buf[64];
  ssize_t got = recvfrom(conn, buf, sizeof(buf), 0, nullptr, nullptr);
  workload::check(got == ssize_t(payload_len), "recvfrom");

  linger reset{1, 0};
  workload::check(setsockopt(conn, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset)) == 0, "setsockopt");
  close(conn);
  close(client);
  close(listener);
  return 0;
}
