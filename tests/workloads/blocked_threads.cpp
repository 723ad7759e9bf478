// blocked_threads FIFO_PATH: threads that block, for `sysray inflight`. Writes its pid and a
// newline on stdout once every thread is about to block, then:
//   reader  (thread "reader"):  read(3, ..., 64) on a pipe, in wait_for_input()
//   opener  (thread "opener"):  openat(AT_FDCWD, FIFO_PATH, O_RDONLY), blocked until a writer comes
//   sleeper (thread "sleeper"): clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=3600, ...}), in take_a_nap()
//   main:                       rt_sigtimedwait([USR1], ...) until SIGUSR1
// On SIGUSR1 main wakes the reader (write(4, "x", 1)) and the opener (opens the FIFO for
// writing), joins them and prints "reader got 1 byte" and "opener opened"; the sleeper dies with
// the process. FIFO_PATH must not exist: it is created here (mkfifo) and removed at the end.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

namespace {
int pipe_fds[2];
const char* fifo_path;
}  // namespace

extern "C" __attribute__((noinline)) long wait_for_input(int fd) {
  char buf[64];
  return read(fd, buf, sizeof(buf));
}

// Checks its result itself: a plain `return open(...)` becomes a tail call, and this frame
// would not be on the stack.
extern "C" __attribute__((noinline)) int open_the_fifo(const char* path) {
  int fd = open(path, O_RDONLY);
  workload::check(fd >= 0, "open fifo");
  return fd;
}

extern "C" __attribute__((noinline)) void take_a_nap() {
  timespec hour = {3600, 0};
  nanosleep(&hour, nullptr);
}

namespace {

void* reader(void*) {
  pthread_setname_np(pthread_self(), "reader");
  long n = wait_for_input(pipe_fds[0]);
  std::printf("reader got %ld byte\n", n);
  return nullptr;
}

void* opener(void*) {
  pthread_setname_np(pthread_self(), "opener");
  int fd = open_the_fifo(fifo_path);
  std::printf("opener opened\n");
  close(fd);
  return nullptr;
}

void* sleeper(void*) {
  pthread_setname_np(pthread_self(), "sleeper");
  take_a_nap();
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: blocked_threads FIFO_PATH\n");
    return 2;
  }
  fifo_path = argv[1];
  workload::check(mkfifo(fifo_path, 0600) == 0, "mkfifo");
  workload::check(pipe(pipe_fds) == 0, "pipe");
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &usr1, nullptr);  // the threads inherit the mask

  pthread_t threads[3];
  pthread_create(&threads[0], nullptr, reader, nullptr);
  pthread_create(&threads[1], nullptr, opener, nullptr);
  pthread_create(&threads[2], nullptr, sleeper, nullptr);
  std::printf("%d\n", getpid());
  std::fflush(stdout);

  siginfo_t info;
  workload::check(sigwaitinfo(&usr1, &info) == SIGUSR1, "sigwaitinfo");
  workload::check(write(pipe_fds[1], "x", 1) == 1, "write");
  int fifo = open(fifo_path, O_WRONLY);
  workload::check(fifo >= 0, "open fifo for writing");
  pthread_join(threads[0], nullptr);
  pthread_join(threads[1], nullptr);
  std::fflush(stdout);
  close(fifo);
  unlink(fifo_path);
  return 0;
}
