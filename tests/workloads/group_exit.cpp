// group_exit: threads killed in the middle of their calls by another thread's exit_group, as
// every Go program's end does. Two threads block, one in read(2) on a pipe nobody writes, one
// in clock_nanosleep(2) for an hour; a third is busy in the kernel, not blocked: readv(2) of
// 2 GiB at a time from /dev/zero (512 times the same 4 MiB buffer) in a loop, and the call the
// kill comes in ends early with the bytes read so far (strace: "= ?" all the same). Once all three are in their calls the main thread returns
// from main (exit_group(0)). The calls never return to their threads: strace shows them "= ?".
#include <fcntl.h>
#include <pthread.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <vector>

#include "workload.h"

namespace {

int fds[2];

void* reader(void*) {
  char c;
  workload::check(read(fds[0], &c, 1) >= 0, "read");
  return nullptr;
}

void* zeroer(void*) {
  int zero = open("/dev/zero", O_RDONLY | O_CLOEXEC);
  workload::check(zero >= 0, "open /dev/zero");
  // Never freed: exit() runs before exit_group, and a freed buffer would end the call (EFAULT).
  constexpr size_t kBufferSize = 4 << 20;
  static char* buffer = new char[kBufferSize];
  std::vector<iovec> iov(512, iovec{buffer, kBufferSize});
  for (;;) workload::check(readv(zero, iov.data(), int(iov.size())) > 0, "readv");
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
  pthread_t a, b, c;
  workload::check(pthread_create(&a, nullptr, reader, nullptr) == 0, "pthread_create");
  workload::check(pthread_create(&b, nullptr, sleeper, nullptr) == 0, "pthread_create");
  workload::check(pthread_create(&c, nullptr, zeroer, nullptr) == 0, "pthread_create");
  timespec wait{0, 100'000'000};  // the threads are in their calls by then
  nanosleep(&wait, nullptr);
  return 0;
}
