// stack_bind [PORT=3001]: udp_bind_twice with each bind in its own function, for sockets -k
// against strace -k. Syscalls, in order:
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//   bind(3, 127.0.0.1:PORT, 16) = 0             from take_port()
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4
//   bind(4, 127.0.0.1:PORT, 16) = -1 EADDRINUSE  from try_port()
//   close(4), close(3)
// Exit 0 when the second bind failed with EADDRINUSE, 1 otherwise.
#include <unistd.h>

#include "workload.h"

namespace {

__attribute__((noinline)) int take_port(workload::LoopbackAddr& addr) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(fd >= 0, "socket");
  workload::check(bind(fd, addr.get(), addr.len) == 0, "bind (first)");
  asm volatile("" ::: "memory");  // not a tail call
  return fd;
}

__attribute__((noinline)) int try_port(workload::LoopbackAddr& addr, int* err) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(fd >= 0, "socket");
  int rc = bind(fd, addr.get(), addr.len);
  *err = errno;
  asm volatile("" ::: "memory");
  close(fd);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  auto addr = workload::loopback(workload::arg_long(argc, argv, 1, 3001));
  int first = take_port(addr);
  int err = 0;
  int rc = try_port(addr, &err);
  close(first);
  if (rc == 0 || err != EADDRINUSE) {
    std::fprintf(stderr, "stack_bind: second bind: expected EADDRINUSE, got %s\n",
                 rc == 0 ? "success" : std::strerror(err));
    return 1;
  }
  return 0;
}
