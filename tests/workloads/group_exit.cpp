// group_exit: threads killed in the middle of their calls by another thread's exit_group, as
// every Go program's end does. Two threads block, one in read(2) on a pipe nobody writes, one
// in clock_nanosleep(2) for an hour; once both are in their calls the main thread returns from
// main (exit_group(0)). The calls never return to their threads: strace shows them "= ?".
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

namespace {

int fds[2];

void* reader(void*) {
  char c;
  workload::check(read(fds[0], &c, 1) >= 0, "read");
  return nullptr;
}

void* sleeper(void*) {
  timespec hour{3600, 0};
  clock_nanosleep(CLOCK_MONOTONIC, 0, &hour, nullptr);
  return nullptr;
}

}  // namespace

int main() {
  workload::check(pipe(fds) == 0, "pipe");
  pthread_t a, b;
  workload::check(pthread_create(&a, nullptr, reader, nullptr) == 0, "pthread_create");
  workload::check(pthread_create(&b, nullptr, sleeper, nullptr) == 0, "pthread_create");
  timespec wait{0, 100'000'000};  // both threads are blocked by then
  nanosleep(&wait, nullptr);
  return 0;
}
