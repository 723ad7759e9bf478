#include <catch2/catch.hpp>

#include "cli/target_options.h"
#include "util/user_error.h"

using sysray::parse_pid_list;

TEST_CASE("-p takes one pid or a comma-separated list", "[cli]") {
  CHECK(parse_pid_list("42") == std::vector<pid_t>{42});
  CHECK(parse_pid_list("12,13,4000000") == std::vector<pid_t>{12, 13, 4000000});
}

TEST_CASE("-p rejects what is not a positive pid, naming it", "[cli]") {
  auto message = [](const char* text) {
    try {
      parse_pid_list(text);
    } catch (const sysray::UserError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("abc") == "invalid pid 'abc' in -p: expected a positive number");
  CHECK(message("12,,13") == "invalid pid '' in -p: expected a positive number");
  CHECK(message("0") == "invalid pid '0' in -p: expected a positive number");
  CHECK(message("-5") == "invalid pid '-5' in -p: expected a positive number");
  CHECK(message("12x") == "invalid pid '12x' in -p: expected a positive number");
}

TEST_CASE("-p and a command together are refused", "[cli]") {
  sysray::TargetOptions o;
  o.pid_args = {"1"};
  o.command = {"true"};
  CHECK_THROWS_WITH(sysray::finish_target_options(o),
                    "give either -p PID or a command to run, not both");
}
