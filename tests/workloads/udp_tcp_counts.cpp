// udp_tcp_counts [DATAGRAMS=100] [CONNECTS=10] [PORT=3090] [wait]: sends exactly DATAGRAMS UDP
// datagrams (each one udp_sendmsg in the kernel) and makes exactly CONNECTS TCP connects (each
// one tcp_v4_connect) on 127.0.0.1, for `sysray funccount`'s exact-count tests.
//   wait: first print the pid and a newline on stdout and wait for SIGUSR1, so that a tracer can
//         attach with -p before any counted call is made (SIGUSR1 is blocked before the pid is
//         printed: a signal sent as soon as the pid is read is not lost).
//   a UDP socket sends DATAGRAMS datagrams to PORT (nobody needs to read them);
//   a TCP listener on PORT accepts CONNECTS connections, each from a fresh socket.
#include <signal.h>
#include <unistd.h>

#include <cstring>

#include "workload.h"

int main(int argc, char** argv) {
  long datagrams = workload::arg_long(argc, argv, 1, 100);
  long connects = workload::arg_long(argc, argv, 2, 10);
  int port = workload::arg_long(argc, argv, 3, 3090);
  auto addr = workload::loopback(port);
  if (argc > 4) {
    if (std::strcmp(argv[4], "wait") != 0) {
      std::fprintf(stderr, "%s: the 4th argument must be 'wait', not '%s'\n", argv[0], argv[4]);
      return 2;
    }
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    workload::check(sigprocmask(SIG_BLOCK, &usr1, nullptr) == 0, "sigprocmask");
    std::printf("%d\n", int(getpid()));
    std::fflush(stdout);
    int sig = 0;
    workload::check(sigwait(&usr1, &sig) == 0, "sigwait");
  }

  int udp = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(udp >= 0, "socket (udp)");
  for (long i = 0; i < datagrams; ++i)
    workload::check(sendto(udp, "x", 1, 0, addr.get(), addr.len) == 1, "sendto");
  close(udp);

  int listener = socket(AF_INET, SOCK_STREAM, 0);
  workload::check(listener >= 0, "socket (listener)");
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  workload::check(bind(listener, addr.get(), addr.len) == 0, "bind");
  workload::check(listen(listener, 64) == 0, "listen");
  for (long i = 0; i < connects; ++i) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    workload::check(c >= 0, "socket (client)");
    workload::check(connect(c, addr.get(), addr.len) == 0, "connect");
    int a = accept(listener, nullptr, nullptr);
    workload::check(a >= 0, "accept");
    close(a);
    close(c);
  }
  close(listener);
  return 0;
}
