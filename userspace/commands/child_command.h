// Runs the command given after `--` so that it executes no instruction of its own before
// sysray's filter holds its pid: the child is forked, waits on a pipe until release(), then
// execs. Its first traced syscall is therefore its execve.
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "util/unique_fd.h"

namespace sysray {

class ChildCommand {
 public:
  // Throws UserError("command not found: X", kExitCommandNotFound) before forking when X
  // cannot be executed.
  explicit ChildCommand(const std::vector<std::string>& argv);
  ~ChildCommand();  // kills a child that was never released
  ChildCommand(const ChildCommand&) = delete;
  ChildCommand& operator=(const ChildCommand&) = delete;

  pid_t pid() const { return pid_; }
  void release();
  // Non-blocking: the shell-style exit status (code, or 128+signal) once the child has exited.
  std::optional<int> poll_exit();
  std::optional<int> exit_status() const { return status_; }
  void forward_signal(int sig);

 private:
  pid_t pid_ = -1;
  UniqueFd go_;  // write end: closing it releases the child
  std::optional<int> status_;
};

// The path execvp would run for `name`, or "" when none is executable.
std::string resolve_command(const std::string& name);

}  // namespace sysray
