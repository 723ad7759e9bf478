// When a trace or count session ends: the command exited, every -p process is gone, -d
// elapsed, or SIGINT/SIGTERM arrived (forwarded to a command sysray started).
#pragma once
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <vector>

#include "commands/child_command.h"

namespace sysray {

// Installs SIGINT/SIGTERM handlers (no SA_RESTART, so a poll in progress returns at once).
void install_stop_signals();
int stop_signal();  // 0 until a stop signal arrived

class SessionEnd {
 public:
  SessionEnd(ChildCommand* child, std::vector<pid_t> pids, double duration_s);
  bool reached();
  // Milliseconds a poll may wait without overshooting -d (capped by `max_ms`).
  int poll_timeout_ms(int max_ms) const;

 private:
  ChildCommand* child_;
  std::vector<pid_t> pids_;
  std::chrono::steady_clock::time_point deadline_;
  bool has_deadline_;
  std::chrono::steady_clock::time_point next_pid_check_;
};

// Waits until `end` is reached; when interval_s > 0 calls on_interval(k) every interval_s
// seconds (k = 1, 2, ...). Returns the number of intervals reported. `wait(ms)` waits (it may
// read a ring meanwhile); by default poll() on nothing, which a stop signal interrupts.
int wait_with_intervals(SessionEnd& end, double interval_s,
                        const std::function<void(int)>& on_interval,
                        const std::function<void(int)>& wait = nullptr);

// Throws UserError("no such process: PID") for the first pid that does not exist.
void require_processes_exist(const std::vector<pid_t>& pids);

}  // namespace sysray
