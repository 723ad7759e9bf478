// Helpers shared by the workload programs in this folder (each NAME.cpp becomes
// build/workloads/NAME). Workloads make a known sequence of syscalls for the runtime tests and
// for strace comparisons; they print nothing on stdout unless asked and exit 0 on success.
// Nothing in here makes a syscall except on failure paths (perror, exit).
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace workload {

// argv[i] as a number, or `fallback` when absent; exits 2 on a malformed value.
inline long arg_long(int argc, char** argv, int i, long fallback) {
  if (i >= argc) return fallback;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(argv[i], &end, 10);
  if (errno || end == argv[i] || *end != '\0') {
    std::fprintf(stderr, "%s: bad number '%s'\n", argv[0], argv[i]);
    std::exit(2);
  }
  return v;
}

// argv[i], or `fallback` when absent.
inline const char* arg_str(int argc, char** argv, int i, const char* fallback) {
  return i < argc ? argv[i] : fallback;
}

// Exits 1 with `what: strerror(errno)` on stderr when `ok` is false.
inline void check(bool ok, const char* what) {
  if (!ok) {
    std::perror(what);
    std::exit(1);
  }
}

// 127.0.0.1:port or [::1]:port, ready for bind/connect/sendto.
struct LoopbackAddr {
  sockaddr_storage storage{};
  socklen_t len = 0;
  int family = AF_INET;
  sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
};

inline LoopbackAddr loopback(int port, bool v6 = false) {
  LoopbackAddr a;
  if (v6) {
    auto* s6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(port);
    s6->sin6_addr = in6addr_loopback;
    a.len = sizeof(sockaddr_in6);
    a.family = AF_INET6;
  } else {
    auto* s4 = reinterpret_cast<sockaddr_in*>(&a.storage);
    s4->sin_family = AF_INET;
    s4->sin_port = htons(port);
    s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.len = sizeof(sockaddr_in);
  }
  return a;
}

}  // namespace workload
