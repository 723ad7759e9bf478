// holder_exits [PORT=3001]: a port holder that exits 1 ms after the bind it made fail.
//   child (the holder): socket, bind(127.0.0.1:PORT) = 0, tells the parent, waits for its word,
//                       sleeps 1 ms, exits
//   parent:             waits for the child's bind, socket, bind(127.0.0.1:PORT) = -1 EADDRINUSE,
//                       tells the child, waits for it
// Exit 0 when the parent's bind failed with EADDRINUSE, 1 otherwise.
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

int main(int argc, char** argv) {
  auto addr = workload::loopback(workload::arg_long(argc, argv, 1, 3001));
  int bound[2], go[2];
  workload::check(pipe(bound) == 0 && pipe(go) == 0, "pipe");
  char byte = 0;
  pid_t child = fork();
  workload::check(child >= 0, "fork");
  if (child == 0) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    workload::check(s >= 0 && bind(s, addr.get(), addr.len) == 0, "holder: bind");
    workload::check(write(bound[1], &byte, 1) == 1 && read(go[0], &byte, 1) == 1, "holder: pipe");
    timespec ms{0, 1'000'000};
    nanosleep(&ms, nullptr);
    _exit(0);
  }
  workload::check(read(bound[0], &byte, 1) == 1, "pipe");
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(s >= 0, "socket");
  int rc = bind(s, addr.get(), addr.len);
  int err = errno;
  workload::check(write(go[1], &byte, 1) == 1, "pipe");
  int status = 0;
  waitpid(child, &status, 0);
  if (rc == 0 || err != EADDRINUSE) {
    std::fprintf(stderr, "holder_exits: bind: expected EADDRINUSE, got %s\n",
                 rc == 0 ? "success" : std::strerror(err));
    return 1;
  }
  return 0;
}
