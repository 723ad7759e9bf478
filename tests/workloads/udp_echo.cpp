// udp_echo [N=1000] [PORT=3031] [START_DELAY_MS=0]: N UDP round trips over 127.0.0.1, for
// scripts/bench-sockets.sh. With START_DELAY_MS > 0 it first prints "pid P" on stdout and sleeps
// that long, so that a tracer can attach with -p before any socket call. Then it prints
// "round trips: N in X s" on stdout, X being the time of the round trips alone (from the first
// sendto to the last recvfrom, on CLOCK_MONOTONIC), so that tracer start-up is not counted.
// Syscalls after the delay:
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3                    server
//   bind(3, 127.0.0.1:PORT, 16) = 0
//   socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4                    client
//   clone3(...)                                                    the server thread
//   N times, client (main thread) and server (server thread) interleaved:
//     sendto(4, <32 bytes>, 32, 0, 127.0.0.1:PORT, 16) = 32        client
//     recvfrom(3, ..., 64, 0, 127.0.0.1:P, [16]) = 32              server (P: the client's port)
//     sendto(3, <32 bytes>, 32, 0, 127.0.0.1:P, 16) = 32           server echoes
//     recvfrom(4, ..., 64, 0, 127.0.0.1:PORT, [16]) = 32           client
//   close(4), close(3)
#include <time.h>
#include <unistd.h>

#include <thread>

#include "workload.h"

namespace {

constexpr size_t kPayload = 32;

// Echoes n datagrams back to their senders.
void serve(int fd, long n) {
  char buf[64];
  for (long i = 0; i < n; ++i) {
    workload::LoopbackAddr from;
    from.len = sizeof(from.storage);
    ssize_t got = recvfrom(fd, buf, sizeof(buf), 0, from.get(), &from.len);
    workload::check(got == ssize_t(kPayload), "recvfrom (server)");
    workload::check(sendto(fd, buf, size_t(got), 0, from.get(), from.len) == got, "sendto (server)");
  }
}

double now_s() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  long n = workload::arg_long(argc, argv, 1, 1000);
  int port = workload::arg_long(argc, argv, 2, 3031);
  long delay_ms = workload::arg_long(argc, argv, 3, 0);
  if (delay_ms > 0) {
    std::printf("pid %d\n", getpid());
    std::fflush(stdout);
    usleep(useconds_t(delay_ms) * 1000);
  }

  auto server_addr = workload::loopback(port);
  int server = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(server >= 0, "socket");
  workload::check(bind(server, server_addr.get(), server_addr.len) == 0, "bind");
  int client = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(client >= 0, "socket");
  std::thread echo(serve, server, n);

  char out[kPayload];
  std::memset(out, 'e', sizeof(out));
  char in[64];
  double start = now_s();
  for (long i = 0; i < n; ++i) {
    workload::check(sendto(client, out, sizeof(out), 0, server_addr.get(), server_addr.len) ==
                        ssize_t(sizeof(out)),
                    "sendto");
    workload::LoopbackAddr from;
    from.len = sizeof(from.storage);
    workload::check(recvfrom(client, in, sizeof(in), 0, from.get(), &from.len) == ssize_t(kPayload),
                    "recvfrom");
  }
  double elapsed = now_s() - start;
  echo.join();
  std::printf("round trips: %ld in %.6f s\n", n, elapsed);

  close(client);
  close(server);
  return 0;
}
