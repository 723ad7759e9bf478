// udp_sendrecv [PORT=3021] [PAYLOAD=ping-sysray]: one datagram over 127.0.0.1. The sender binds
// PORT+1 so that the address recvfrom reports is known in advance. Syscalls, in order:
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3                    receiver
//   bind(3, 127.0.0.1:PORT, 16) = 0
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4                    sender
//   bind(4, 127.0.0.1:PORT+1, 16) = 0
//   sendto(4, PAYLOAD, N, 0, 127.0.0.1:PORT, 16) = N               N = strlen(PAYLOAD)
//   recvfrom(3, PAYLOAD, 256, 0, 127.0.0.1:PORT+1, [128 => 16]) = N   (a sockaddr_storage)
//   close(4), close(3)
#include <unistd.h>

#include "workload.h"

int main(int argc, char** argv) {
  int port = workload::arg_long(argc, argv, 1, 3021);
  const char* payload = workload::arg_str(argc, argv, 2, "ping-sysray");
  size_t payload_len = std::strlen(payload);
  auto receiver_addr = workload::loopback(port);
  auto sender_addr = workload::loopback(port + 1);

  int receiver = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(receiver >= 0, "socket");
  workload::check(bind(receiver, receiver_addr.get(), receiver_addr.len) == 0, "bind");
  int sender = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(sender >= 0, "socket");
  workload::check(bind(sender, sender_addr.get(), sender_addr.len) == 0, "bind (sender)");

  ssize_t sent = sendto(sender, payload, payload_len, 0, receiver_addr.get(), receiver_addr.len);
  workload::check(sent == ssize_t(payload_len), "sendto");

  char buf[256];
  workload::LoopbackAddr from;
  from.len = sizeof(sockaddr_storage);
  ssize_t got = recvfrom(receiver, buf, sizeof(buf), 0, from.get(), &from.len);
  workload::check(got == ssize_t(payload_len), "recvfrom");

  close(sender);
  close(receiver);
  return 0;
}
