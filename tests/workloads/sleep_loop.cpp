// sleep_loop [N=5] [MS=20]: exactly N nanosleep() syscalls of MS milliseconds each (through
// syscall(2)), nothing else after start-up: durations of a known size for count --latency.
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

int main(int argc, char** argv) {
  long n = workload::arg_long(argc, argv, 1, 5);
  long ms = workload::arg_long(argc, argv, 2, 20);
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  for (long i = 0; i < n; ++i) syscall(SYS_nanosleep, &ts, nullptr);
  return 0;
}
