// An error caused by the user's input or environment: main() prints "sysray: <what>" on one
// line and exits with `exit_code`. Never a stack dump.
#pragma once
#include <stdexcept>
#include <string>

namespace sysray {

// Exit codes: bad input (an unknown syscall, a missing pid, a malformed option) is 2, the
// default; a refusal by the kernel or the system (a program that does not load or attach, a
// feature the kernel lacks, no privileges) is 1. A command to run that does not exist is 127,
// as in the shell.
constexpr int kExitBadInput = 2;
constexpr int kExitRefused = 1;
constexpr int kExitCommandNotFound = 127;

class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& what, int exit_code = kExitBadInput)
      : std::runtime_error(what), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

}  // namespace sysray
