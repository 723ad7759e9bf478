// sock_names [PORT=3071] [UNIX_PATH=/tmp/sysray-sock-names] [HOLD_MS=1000]: sockets with known
// endpoints for trace -yy, kept open HOLD_MS so that a tracer can read them from /proc.
// Syscalls, in order:
//   socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3; bind(3, 127.0.0.1:PORT); listen(3, 1)
//   getsockname(3, ...) = 0
//   socket(AF_UNIX, SOCK_STREAM, 0) = 4; bind(4, UNIX_PATH)
//   getsockname(4, ...) = 0
//   clock_nanosleep(HOLD_MS); unlink(UNIX_PATH)
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "workload.h"

int main(int argc, char** argv) {
  int port = static_cast<int>(workload::arg_long(argc, argv, 1, 3071));
  const char* path = workload::arg_str(argc, argv, 2, "/tmp/sysray-sock-names");
  long hold_ms = workload::arg_long(argc, argv, 3, 1000);

  int tcp = socket(AF_INET, SOCK_STREAM, 0);
  workload::check(tcp >= 0, "socket");
  int one = 1;
  setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  auto addr = workload::loopback(port);
  workload::check(bind(tcp, addr.get(), addr.len) == 0, "bind tcp");
  workload::check(listen(tcp, 1) == 0, "listen");
  sockaddr_storage name{};
  socklen_t len = sizeof(name);
  workload::check(getsockname(tcp, reinterpret_cast<sockaddr*>(&name), &len) == 0, "getsockname");

  unlink(path);
  int local = socket(AF_UNIX, SOCK_STREAM, 0);
  workload::check(local >= 0, "socket unix");
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  std::strncpy(un.sun_path, path, sizeof(un.sun_path) - 1);
  workload::check(bind(local, reinterpret_cast<sockaddr*>(&un), sizeof(un)) == 0, "bind unix");
  len = sizeof(name);
  workload::check(getsockname(local, reinterpret_cast<sockaddr*>(&name), &len) == 0, "getsockname");

  timespec hold{hold_ms / 1000, (hold_ms % 1000) * 1'000'000};
  nanosleep(&hold, nullptr);
  unlink(path);
  return 0;
}
