// many_threads [N=1000]: N threads asleep in nanosleep (in nap()), for inflight's benchmark.
// Writes its pid and a newline on stdout once every thread is started, then sleeps until killed.
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

extern "C" __attribute__((noinline)) void nap() {
  timespec hour = {3600, 0};
  for (;;) nanosleep(&hour, nullptr);
}

namespace {
void* sleeper(void*) {
  nap();
  return nullptr;
}
}  // namespace

int main(int argc, char** argv) {
  long n = workload::arg_long(argc, argv, 1, 1000);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  for (long i = 0; i < n; ++i) {
    pthread_t t;
    workload::check(pthread_create(&t, &attr, sleeper, nullptr) == 0, "pthread_create");
  }
  std::printf("%d\n", getpid());
  std::fflush(stdout);
  nap();
}
