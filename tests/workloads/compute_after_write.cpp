// compute_after_write [SECONDS=4]: one write(2) of "computing" to /dev/null, then SECONDS of
// computation without a syscall (the clock is read through the vDSO) and exit: a thread that
// keeps its CPU, whose last call must still show while it computes.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>

#include "workload.h"

int main(int argc, char** argv) {
  long seconds = workload::arg_long(argc, argv, 1, 4);
  int fd = open("/dev/null", O_WRONLY);
  if (fd < 0 || write(fd, "computing", 9) != 9) return 1;
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  volatile unsigned long spins = 0;
  while (std::chrono::steady_clock::now() < end) spins = spins + 1;
  return 0;
}
