// sock_refused [PORT=3121]: a TCP connect to a loopback port nobody listens on.
//   socket(AF_INET, SOCK_STREAM, 0) = 3; connect(3, 127.0.0.1:PORT) = -1 ECONNREFUSED; close(3)
// Exit 0 when the connect was refused, 1 otherwise.
#include <unistd.h>

#include "workload.h"

int main(int argc, char** argv) {
  auto addr = workload::loopback(workload::arg_long(argc, argv, 1, 3121));
  int s = socket(AF_INET, SOCK_STREAM, 0);
  workload::check(s >= 0, "socket");
  int rc = connect(s, addr.get(), addr.len);
  int err = errno;
  close(s);
  if (rc == 0 || err != ECONNREFUSED) {
    std::fprintf(stderr, "sock_refused: expected ECONNREFUSED, got %s\n",
                 rc == 0 ? "success" : std::strerror(err));
    return 1;
  }
  return 0;
}
