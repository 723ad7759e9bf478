// demo_net [PORT=4242]: what scripts/demo.sh traces. A UDP server that fails to bind a port
// already taken (the classic EADDRINUSE), then one TCP exchange on loopback. Syscalls, in order:
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3;  bind(3, 127.0.0.1:PORT) = 0
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4;  bind(4, 127.0.0.1:PORT) = -1 EADDRINUSE
//   close(4)
//   socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4; bind(4, 127.0.0.1:PORT+1) = 0; listen(4, 1) = 0
//   socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 5; connect(5, 127.0.0.1:PORT+1) = 0
//   accept(4, 127.0.0.1:<ephemeral>, [16]) = 6
//   sendto(5, "hello from sysray's demo", 24, 0, NULL, 0) = 24
//   recvfrom(6, "hello from sysray's demo", 128, 0, NULL, NULL) = 24
//   setsockopt(6, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0
//   close(6), close(5), close(4), close(3)
#include <unistd.h>

#include "workload.h"

int main(int argc, char** argv) {
  int port = workload::arg_long(argc, argv, 1, 4242);
  auto udp_addr = workload::loopback(port);
  auto tcp_addr = workload::loopback(port + 1);

  int udp = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(udp >= 0 && bind(udp, udp_addr.get(), udp_addr.len) == 0, "udp bind");
  int udp2 = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(udp2 >= 0, "socket");
  workload::check(bind(udp2, udp_addr.get(), udp_addr.len) != 0 && errno == EADDRINUSE,
                  "second udp bind should fail with EADDRINUSE");
  close(udp2);

  int listener = socket(AF_INET, SOCK_STREAM, 0);
  workload::check(listener >= 0 && bind(listener, tcp_addr.get(), tcp_addr.len) == 0, "tcp bind");
  workload::check(listen(listener, 1) == 0, "listen");
  int client = socket(AF_INET, SOCK_STREAM, 0);
  workload::check(client >= 0 && connect(client, tcp_addr.get(), tcp_addr.len) == 0, "connect");
  workload::LoopbackAddr peer;
  peer.len = sizeof(sockaddr_in);
  int conn = accept(listener, peer.get(), &peer.len);
  workload::check(conn >= 0, "accept");

  const char message[] = "hello from sysray's demo";
  workload::check(sendto(client, message, sizeof(message) - 1, 0, nullptr, 0) == sizeof(message) - 1,
                  "sendto");
  char buf[128];
  workload::check(recvfrom(conn, buf, sizeof(buf), 0, nullptr, nullptr) == sizeof(message) - 1,
                  "recvfrom");

  linger reset{1, 0};
  workload::check(setsockopt(conn, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset)) == 0, "setsockopt");
  close(conn);
  close(client);
  close(listener);
  close(udp);
  return 0;
}
