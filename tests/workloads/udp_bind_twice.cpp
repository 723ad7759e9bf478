// udp_bind_twice [PORT=3001]: the classic EADDRINUSE. Syscalls, in order:
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//   bind(3, 127.0.0.1:PORT, 16) = 0
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4
//   bind(4, 127.0.0.1:PORT, 16) = -1 EADDRINUSE
//   close(4), close(3)
// Exit 0 when the second bind failed with EADDRINUSE, 1 otherwise.
#include <unistd.h>

#include "workload.h"

int main(int argc, char** argv) {
  auto addr = workload::loopback(workload::arg_long(argc, argv, 1, 3001));

  int first = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(first >= 0, "socket");
  workload::check(bind(first, addr.get(), addr.len) == 0, "bind (first)");

  int second = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(second >= 0, "socket");
  int rc = bind(second, addr.get(), addr.len);
  int err = errno;

  close(second);
  close(first);
  if (rc == 0 || err != EADDRINUSE) {
    std::fprintf(stderr, "udp_bind_twice: second bind: expected EADDRINUSE, got %s\n",
                 rc == 0 ? "success" : std::strerror(err));
    return 1;
  }
  return 0;
}
