// leader_exits: the main thread ends first (pthread_exit) and another thread goes on, so the
// process outlives its leader. The thread waits until the leader is gone, then calls getppid()
// and exit_group(0). Syscalls of interest: the leader's exit(0); the thread's getppid(),
// exit_group(0).
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>

#include "workload.h"

namespace {

pid_t leader;

void* outlive(void*) {
  // The leader's /proc/PID/task entry lasts until it is reaped; its state turns to Z (zombie)
  // once it has exited: poll its status line.
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", int(leader), int(leader));
  for (int i = 0; i < 500; ++i) {
    FILE* f = std::fopen(path, "r");
    char state = 0;
    if (f) {
      workload::check(std::fscanf(f, "%*d (%*[^)]) %c", &state) == 1, "stat");
      std::fclose(f);
    }
    if (!f || state == 'Z') break;
    usleep(10'000);
  }
  syscall(SYS_getppid);
  std::exit(0);
}

}  // namespace

int main() {
  leader = getpid();
  pthread_t t;
  workload::check(pthread_create(&t, nullptr, outlive, nullptr) == 0, "pthread_create");
  pthread_exit(nullptr);
}
