// block_read [SECONDS=1]: the main thread blocks in read() on a pipe until a helper thread
// writes to it SECONDS later, so a tracer must show the read as unfinished, then resumed.
// Syscalls of interest, in order (thread creation adds mmap/mprotect/clone3/... in between):
//   main:   pipe2([3, 4], 0) = 0
//   main:   read(3, <blocks SECONDS> "wake", 64) = 4
//   helper: clock_nanosleep(CLOCK_REALTIME, 0, {SECONDS}, ...) = 0
//   helper: write(4, "wake", 4) = 4
//   main:   close(3), close(4)
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

namespace {

struct Waker {
  int fd;
  timespec delay;
};

void* wake_later(void* arg) {
  auto* w = static_cast<Waker*>(arg);
  nanosleep(&w->delay, nullptr);
  workload::check(write(w->fd, "wake", 4) == 4, "write");
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  const char* text = workload::arg_str(argc, argv, 1, "1");
  char* end = nullptr;
  double seconds = std::strtod(text, &end);
  if (end == text || *end != '\0' || seconds < 0) {
    std::fprintf(stderr, "block_read: bad SECONDS '%s'\n", text);
    return 2;
  }

  int fds[2];
  workload::check(pipe2(fds, 0) == 0, "pipe2");
  Waker waker{fds[1], {time_t(seconds), long((seconds - time_t(seconds)) * 1e9)}};
  pthread_t helper;
  workload::check(pthread_create(&helper, nullptr, wake_later, &waker) == 0, "pthread_create");

  char buf[64];
  ssize_t got = read(fds[0], buf, sizeof(buf));
  workload::check(got == 4, "read");

  pthread_join(helper, nullptr);
  close(fds[0]);
  close(fds[1]);
  return 0;
}
