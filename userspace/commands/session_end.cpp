#include "commands/session_end.h"

#include <poll.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "util/user_error.h"

namespace sysray {
namespace {

volatile sig_atomic_t g_stop_signal = 0;

void on_stop_signal(int sig) { g_stop_signal = sig; }

bool process_exists(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

void install_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int stop_signal() { return g_stop_signal; }

void require_processes_exist(const std::vector<pid_t>& pids) {
  for (pid_t pid : pids)
    if (!process_exists(pid))
      throw UserError("no such process: " + std::to_string(pid), kExitRefused);
}

SessionEnd::SessionEnd(ChildCommand* child, std::vector<pid_t> pids, double duration_s)
    : child_(child),
      pids_(std::move(pids)),
      deadline_(std::chrono::steady_clock::now() +
                std::chrono::microseconds(static_cast<int64_t>(duration_s * 1e6))),
      has_deadline_(duration_s > 0),
      next_pid_check_(std::chrono::steady_clock::now()) {}

bool SessionEnd::reached() {
  if (g_stop_signal) {
    if (child_) child_->forward_signal(g_stop_signal);
    return true;
  }
  auto now = std::chrono::steady_clock::now();
  if (has_deadline_ && now >= deadline_) return true;
  if (child_ && child_->poll_exit()) return true;
  if (!pids_.empty() && now >= next_pid_check_) {
    next_pid_check_ = now + std::chrono::milliseconds(200);
    if (std::none_of(pids_.begin(), pids_.end(), process_exists)) return true;
  }
  return false;
}

int SessionEnd::poll_timeout_ms(int max_ms) const {
  if (!has_deadline_) return max_ms;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline_ - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, max_ms));
}

}  // namespace sysray

namespace sysray {

int wait_with_intervals(SessionEnd& end, double interval_s,
                        const std::function<void(int)>& on_interval,
                        const std::function<void(int)>& wait) {
  const auto interval = std::chrono::microseconds(static_cast<int64_t>(interval_s * 1e6));
  auto next = std::chrono::steady_clock::now() + interval;
  int intervals = 0;
  while (!end.reached()) {
    int wait_ms = end.poll_timeout_ms(100);
    if (interval_s > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          next - std::chrono::steady_clock::now());
      wait_ms = std::max<int>(0, std::min<int>(wait_ms, left.count()));
    }
    if (wait)
      wait(wait_ms);
    else
      poll(nullptr, 0, wait_ms);  // returns early on SIGINT/SIGTERM
    if (interval_s > 0 && std::chrono::steady_clock::now() >= next) {
      on_interval(++intervals);
      next += interval;
    }
  }
  return intervals;
}

}  // namespace sysray
