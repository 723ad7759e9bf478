// How a thread ended, from the exit code the kernel keeps for it (task->exit_code, in wait(2)'s
// status bits), for "+++ exited with 3 +++" / "+++ killed by SIGKILL (core dumped) +++".
#pragma once
#include <sys/wait.h>

#include <cstdint>

namespace sysray::decode {

struct ThreadEnd {
  bool killed = false;       // by a signal
  int value = 0;             // the exit status, or the signal when killed
  bool core_dumped = false;
};

inline ThreadEnd thread_end(int64_t exit_code) {
  int status = static_cast<int>(exit_code);
  if (WIFSIGNALED(status)) return {true, WTERMSIG(status), WCOREDUMP(status) != 0};
  return {false, WEXITSTATUS(status), false};
}

}  // namespace sysray::decode
