// sock_udp [PORT=3111] [v4|v6]: UDP both ways: unconnected sendto/recvfrom (the client's port
// is chosen by the kernel at its first sendto), then connect + send on the same client.
// Syscalls, in order:
//   socket(FAMILY, SOCK_DGRAM, 0) = 3; bind(3, LOOP:PORT) = 0          server
//   socket(FAMILY, SOCK_DGRAM, 0) = 4                                   client
//   sendto(4, "hello world", 11, 0, LOOP:PORT) = 11                     implicit bind
//   recvfrom(3, .., 64, 0, &from, &len) = 11                            from = the client
//   connect(4, LOOP:PORT) = 0; send(4, "more", 4) = 4; recv(3, .., 64) = 4
//   close(4); close(3)
#include <unistd.h>

#include <string_view>

#include "workload.h"

int main(int argc, char** argv) {
  int port = workload::arg_long(argc, argv, 1, 3111);
  bool v6 = std::string_view(workload::arg_str(argc, argv, 2, "v4")) == "v6";
  auto addr = workload::loopback(port, v6);

  int server = socket(addr.family, SOCK_DGRAM, 0);
  workload::check(server >= 0, "socket");
  workload::check(bind(server, addr.get(), addr.len) == 0, "bind");
  int client = socket(addr.family, SOCK_DGRAM, 0);
  workload::check(client >= 0, "socket");
  workload::check(sendto(client, "hello world", 11, 0, addr.get(), addr.len) == 11, "sendto");
  char buf[64];
  workload::LoopbackAddr from;
  from.len = sizeof(from.storage);
  workload::check(recvfrom(server, buf, sizeof(buf), 0, from.get(), &from.len) == 11, "recvfrom");
  workload::check(connect(client, addr.get(), addr.len) == 0, "connect");
  workload::check(send(client, "more", 4, 0) == 4, "send");
  workload::check(recv(server, buf, sizeof(buf), 0) == 4, "recv");
  close(client);
  close(server);
  return 0;
}
