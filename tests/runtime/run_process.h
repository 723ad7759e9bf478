// Running programs from the runtime tests: no shell, stdout and stderr captured separately,
// exit status, and a deadline after which the program is stopped (SIGINT, then SIGKILL).
#pragma once
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace sysray::test {

using std::chrono::milliseconds;

struct ProcessResult {
  int exit_code = -1;     // the exit status; -1 when a signal ended the program
  int term_signal = 0;    // the signal that ended it, 0 when it exited
  bool timed_out = false; // the deadline passed and the program was stopped
  std::string out;        // everything it wrote on stdout
  std::string err;        // everything it wrote on stderr

  // "exit 0" / "killed by signal 9" / "timed out, ..." and both streams, for failure messages.
  std::string describe() const;
};

// A running program whose stdout and stderr come back through pipes. The destructor stops a
// program still running (SIGKILL) and reaps it.
class Process {
 public:
  // argv[0] is looked up in PATH when it has no '/'. `extra_env` ("K=V") is added to the
  // environment. stdin is /dev/null. Throws std::runtime_error when the program cannot start.
  explicit Process(const std::vector<std::string>& argv,
                   const std::vector<std::string>& extra_env = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }
  // Both pipes reached their end: the program exited (or closed them), nothing more will come.
  bool output_closed() const { return out_fd_ < 0 && err_fd_ < 0; }

  // Reads whatever arrives within `timeout`; false once both pipes are closed.
  bool pump(milliseconds timeout);
  // Reads until `done(*this)` holds or `timeout` passes; returns done's last answer.
  bool wait_until(const std::function<bool(const Process&)>& done, milliseconds timeout);
  void signal(int sig);
  // Reads both pipes to the end and reaps the program. At the deadline it is sent SIGINT
  // (a tracer's normal stop), and SIGKILL 3 s later; the result then says timed_out.
  ProcessResult wait(milliseconds timeout);

 private:
  bool reap(bool block);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string out_;
  std::string err_;
};

// Runs `argv` to completion (see Process::wait for the deadline). A program that cannot start
// gives exit_code 127 and the reason in `err`, as a shell would.
ProcessResult run_process(const std::vector<std::string>& argv,
                          milliseconds timeout = std::chrono::seconds(60),
                          const std::vector<std::string>& extra_env = {});

}  // namespace sysray::test
