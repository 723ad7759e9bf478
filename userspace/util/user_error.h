// An error caused by the user's input or environment: main() prints "sysray: <what>" on one
// line and exits with `exit_code`. Never a stack dump.
#pragma once
#include <stdexcept>
#include <string>

namespace sysray {

class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& what, int exit_code = 2)
      : std::runtime_error(what), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

}  // namespace sysray
