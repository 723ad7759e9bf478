// sock_tcp [PORT=3101] [v4|v6]: a TCP exchange with known byte counts in both directions,
// through every send/recv flavour sysray's sockets command reports. The client's port is
// left to the kernel (implicit bind at connect), so a tracer must read the real one.
// Syscalls, in order (LOOP = 127.0.0.1 or ::1):
//   socket(FAMILY, SOCK_STREAM, 0) = 3; bind(3, LOOP:PORT); listen(3, 1)
//   socket(FAMILY, SOCK_STREAM, 0) = 4; connect(4, LOOP:PORT) = 0
//   accept(3, NULL, NULL) = 5
//   write(4, "ping!", 5) = 5;          read(5, .., 64) = 5
//   sendto(5, "pong-pong", 9) = 9;     recvfrom(5->4, .., 64) = 9
//   sendmsg(4, "abc") = 3;             recvmsg(5, ..) = 3
//   open("/dev/null") = 6; write(6, "notsock", 7) = 7; close(6)   (not a socket: not reported)
//   setsockopt(5, SO_LINGER 0); close(5); close(4); close(3)
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <string_view>

#include "workload.h"

int main(int argc, char** argv) {
  int port = workload::arg_long(argc, argv, 1, 3101);
  bool v6 = std::string_view(workload::arg_str(argc, argv, 2, "v4")) == "v6";
  auto addr = workload::loopback(port, v6);

  int listener = socket(addr.family, SOCK_STREAM, 0);
  workload::check(listener >= 0, "socket");
  workload::check(bind(listener, addr.get(), addr.len) == 0, "bind");
  workload::check(listen(listener, 1) == 0, "listen");
  int client = socket(addr.family, SOCK_STREAM, 0);
  workload::check(client >= 0, "socket");
  workload::check(connect(client, addr.get(), addr.len) == 0, "connect");
  int conn = accept(listener, nullptr, nullptr);
  workload::check(conn >= 0, "accept");

  char buf[64];
  workload::check(write(client, "ping!", 5) == 5, "write");
  workload::check(read(conn, buf, sizeof(buf)) == 5, "read");
  workload::check(sendto(conn, "pong-pong", 9, 0, nullptr, 0) == 9, "sendto");
  workload::check(recvfrom(client, buf, sizeof(buf), 0, nullptr, nullptr) == 9, "recvfrom");

  char out[] = "abc";
  iovec iov{out, 3};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  workload::check(sendmsg(client, &msg, 0) == 3, "sendmsg");
  iovec in_iov{buf, sizeof(buf)};
  msghdr in{};
  in.msg_iov = &in_iov;
  in.msg_iovlen = 1;
  workload::check(recvmsg(conn, &in, 0) == 3, "recvmsg");

  int null = open("/dev/null", O_WRONLY);
  workload::check(null >= 0 && write(null, "notsock", 7) == 7, "write /dev/null");
  close(null);

  linger reset{1, 0};  // no TIME_WAIT: the test can run again at once
  workload::check(setsockopt(conn, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset)) == 0, "setsockopt");
  close(conn);
  close(client);
  close(listener);
  return 0;
}
