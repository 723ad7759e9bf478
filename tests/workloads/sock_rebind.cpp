// sock_rebind [PORT=3131] [close|keep] [WAIT_MS=200] [HOLD_MS=1000]: the Go
// "PacketConn.Close() while ReadFrom is blocked" case. A UDP socket is bound to PORT and a reader
// thread blocks in recvfrom on it. After WAIT_MS the main thread closes the fd (close: the
// socket stays bound, the blocked recvfrom holds a reference; keep: it does not close it), then
// binds a new socket to PORT, which fails with EADDRINUSE. HOLD_MS later it wakes the reader
// by sending it a datagram from the new socket. Syscalls, in order:
//   socket(AF_INET, SOCK_DGRAM, 0) = 3; bind(3, 127.0.0.1:PORT) = 0
//   reader: recvfrom(3, ...)  <blocks>
//   main:   close(3) = 0                                  (close mode)
//   main:   socket(AF_INET, SOCK_DGRAM, 0) = 3 (close) or 4 (keep)
//   main:   bind(NEW, 127.0.0.1:PORT) = -1 EADDRINUSE
//   main:   sendto(NEW, "wake!", 5, 127.0.0.1:PORT) = 5
//   reader: recvfrom(3, ...) = 5
//   main:   close(NEW)                                     (keep: close(3) too)
// Exit 0 when the second bind failed with EADDRINUSE, 1 otherwise.
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <string_view>

#include "workload.h"

namespace {

void sleep_ms(long ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, nullptr);
}

void* reader(void* arg) {
  char buf[64];
  ssize_t n = recvfrom(*static_cast<int*>(arg), buf, sizeof(buf), 0, nullptr, nullptr);
  workload::check(n == 5, "recvfrom");
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  auto addr = workload::loopback(workload::arg_long(argc, argv, 1, 3131));
  bool close_first = std::string_view(workload::arg_str(argc, argv, 2, "close")) == "close";
  long wait_ms = workload::arg_long(argc, argv, 3, 200);
  long hold_ms = workload::arg_long(argc, argv, 4, 1000);

  int first = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(first >= 0, "socket");
  workload::check(bind(first, addr.get(), addr.len) == 0, "bind (first)");
  pthread_t thread;
  workload::check(pthread_create(&thread, nullptr, reader, &first) == 0, "pthread_create");
  sleep_ms(wait_ms);
  if (close_first) workload::check(close(first) == 0, "close");

  int second = socket(AF_INET, SOCK_DGRAM, 0);
  workload::check(second >= 0, "socket");
  int rc = bind(second, addr.get(), addr.len);
  int err = errno;
  sleep_ms(hold_ms);
  workload::check(sendto(second, "wake!", 5, 0, addr.get(), addr.len) == 5, "sendto");
  pthread_join(thread, nullptr);
  close(second);
  if (!close_first) close(first);
  if (rc == 0 || err != EADDRINUSE) {
    std::fprintf(stderr, "sock_rebind: second bind: expected EADDRINUSE, got %s\n",
                 rc == 0 ? "success" : std::strerror(err));
    return 1;
  }
  return 0;
}
