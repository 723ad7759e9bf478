// pingpong [ROUNDS]: two threads, each pinned to its own CPU where there are two, pass a
// token back and forth ROUNDS times (default 50) through two non-blocking pipes, polling with
// read() (EAGAIN) and sched_yield() instead of blocking. So neither thread is switched out
// while the other runs: each CPU's trace records pile up in that CPU's batch, and only the
// tracer's cross-CPU ordering can put "write ping007" before the read that returns it.
// Syscalls of interest: the main thread's write(P, "pingNNN", 7) and read(Q, "pongNNN", 8);
// the other thread's read(P, "pingNNN", 8) and write(Q, "pongNNN", 7).
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "workload.h"

namespace {

int ping[2], pong[2];  // main -> other, other -> main
long rounds;

void pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof(set), &set);  // best effort: one CPU still runs the test
}

// Polls `fd` until a 7-byte token arrives.
void receive(int fd) {
  char buf[8];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n == 7) return;
    workload::check(n < 0 && errno == EAGAIN, "read");
    sched_yield();
  }
}

void send(int fd, const char* word, long round) {
  char token[8];
  std::snprintf(token, sizeof(token), "%s%03ld", word, round);
  workload::check(write(fd, token, 7) == 7, "write");
}

void* other(void*) {
  pin_to(1 % sysconf(_SC_NPROCESSORS_ONLN));
  for (long i = 0; i < rounds; ++i) {
    receive(ping[0]);
    send(pong[1], "pong", i);
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  rounds = workload::arg_long(argc, argv, 1, 50);
  workload::check(pipe2(ping, O_NONBLOCK) == 0 && pipe2(pong, O_NONBLOCK) == 0, "pipe2");
  pin_to(0);
  pthread_t t;
  workload::check(pthread_create(&t, nullptr, other, nullptr) == 0, "pthread_create");
  for (long i = 0; i < rounds; ++i) {
    send(ping[1], "ping", i);
    receive(pong[0]);
  }
  pthread_join(t, nullptr);
  return 0;
}
