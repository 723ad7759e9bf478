#include "run_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace sysray::test {

namespace {

using Clock = std::chrono::steady_clock;

milliseconds until(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? left : milliseconds(0);
}

std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    std::string key = entry.substr(0, entry.find('=') + 1);
    bool overridden = false;
    for (const auto& x : extra) overridden |= x.compare(0, key.size(), key) == 0;
    if (!overridden) env.push_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

[[noreturn]] void fail(const std::string& what, int err) {
  throw std::runtime_error(what + ": " + std::strerror(err));
}

void close_fd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

}  // namespace

std::string ProcessResult::describe() const {
  std::string text;
  if (timed_out) text = "timed out and was stopped; ";
  text += term_signal ? "killed by signal " + std::to_string(term_signal)
                      : "exit " + std::to_string(exit_code);
  text += "\n--- stdout ---\n" + out + "--- stderr ---\n" + err + "--- end ---";
  return text;
}

Process::Process(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  if (argv.empty()) throw std::invalid_argument("Process: empty argv");
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) fail("pipe2", errno);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    int e = errno;
    close(out_pipe[0]);
    close(out_pipe[1]);
    fail("pipe2", e);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  // Nothing else of ours: an inherited descriptor (a reporter's -o file, say) would shift the
  // fd numbers that the expected trace lines name.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);

  // A clean start: default signal dispositions, nothing blocked, a process group of its own
  // (so that leftovers, such as a traced command, can be stopped together).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<std::string> args = argv;
  std::vector<std::string> env = merged_environment(extra_env);
  auto c_args = c_strings(args);
  auto c_env = c_strings(env);
  int rc = posix_spawnp(&pid_, c_args[0], &actions, &attr, c_args.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out_pipe[1]);
  close(err_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  if (rc != 0) {
    close_fd(out_fd_);
    close_fd(err_fd_);
    pid_ = -1;
    fail("cannot run " + argv[0], rc);
  }
}

Process::~Process() {
  if (pid_ > 0 && !reaped_) {
    kill(-pid_, SIGKILL);
    kill(pid_, SIGKILL);
    reap(true);
  }
  close_fd(out_fd_);
  close_fd(err_fd_);
}

bool Process::pump(milliseconds timeout) {
  pollfd fds[2];
  int n = 0;
  if (out_fd_ >= 0) fds[n++] = {out_fd_, POLLIN, 0};
  if (err_fd_ >= 0) fds[n++] = {err_fd_, POLLIN, 0};
  if (n == 0) return false;
  int ready = poll(fds, n, static_cast<int>(timeout.count()));
  if (ready < 0 && errno != EINTR) fail("poll", errno);
  for (int i = 0; i < n && ready > 0; ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    bool is_out = fds[i].fd == out_fd_;
    char buf[65536];
    ssize_t got = read(fds[i].fd, buf, sizeof(buf));
    if (got > 0)
      (is_out ? out_ : err_).append(buf, static_cast<size_t>(got));
    else if (got == 0 || errno != EINTR)
      close_fd(is_out ? out_fd_ : err_fd_);
  }
  return out_fd_ >= 0 || err_fd_ >= 0;
}

bool Process::wait_until(const std::function<bool(const Process&)>& done, milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!done(*this)) {
    if (Clock::now() >= deadline) return false;
    if (!pump(std::min(until(deadline), milliseconds(50))))
      std::this_thread::sleep_for(milliseconds(10));  // pipes closed: only time can help
  }
  return true;
}

void Process::signal(int sig) {
  if (pid_ > 0 && !reaped_) kill(pid_, sig);
}

bool Process::reap(bool block) {
  if (reaped_) return true;
  pid_t r;
  do r = waitpid(pid_, &status_, block ? 0 : WNOHANG);
  while (r < 0 && errno == EINTR);
  if (r == pid_) reaped_ = true;
  return reaped_;
}

ProcessResult Process::wait(milliseconds timeout) {
  ProcessResult result;
  auto deadline = Clock::now() + timeout;
  int stage = 0;  // 0: running, 1: SIGINT sent, 2: SIGKILL sent
  auto exited_at = Clock::time_point::max();
  for (;;) {
    // Has the program exited? (WNOWAIT: it stays a zombie, so its pid and process group
    // cannot be reused while leftovers in the group are dealt with.)
    if (exited_at == Clock::time_point::max()) {
      siginfo_t info{};
      if (waitid(P_PID, pid_, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid_)
        exited_at = Clock::now();
    }
    bool open = out_fd_ >= 0 || err_fd_ >= 0;
    if (exited_at != Clock::time_point::max()) {
      // Exited: read to the end; a leftover that keeps the pipes open gets 2 s, then SIGKILL.
      if (open && Clock::now() - exited_at > std::chrono::seconds(2)) {
        kill(-pid_, SIGKILL);
        while (pump(milliseconds(200))) {
        }
        open = false;
      }
      if (!open) break;
    }
    auto now = Clock::now();
    if (now >= deadline && exited_at == Clock::time_point::max()) {
      result.timed_out = true;
      if (stage == 0) {
        kill(pid_, SIGINT);
        deadline = now + std::chrono::seconds(3);
        stage = 1;
      } else {
        kill(-pid_, SIGKILL);
        kill(pid_, SIGKILL);
        deadline = now + std::chrono::seconds(60);
        stage = 2;
      }
    }
    if (open)
      pump(milliseconds(20));
    else
      std::this_thread::sleep_for(milliseconds(10));
  }
  kill(-pid_, SIGKILL);  // leftovers in the group that closed their pipes
  reap(true);
  if (WIFEXITED(status_)) result.exit_code = WEXITSTATUS(status_);
  if (WIFSIGNALED(status_)) result.term_signal = WTERMSIG(status_);
  result.out = out_;
  result.err = err_;
  return result;
}

ProcessResult run_process(const std::vector<std::string>& argv, milliseconds timeout,
                          const std::vector<std::string>& extra_env) {
  try {
    Process p(argv, extra_env);
    return p.wait(timeout);
  } catch (const std::runtime_error& e) {
    // Not an exception: a test then fails on the result, with the reason in `err`.
    ProcessResult r;
    r.exit_code = 127;
    r.err = std::string("run_process: ") + e.what() + "\n";
    return r;
  }
}

}  // namespace sysray::test
