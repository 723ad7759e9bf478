// One traced call as every export format sees it: what `trace --json` writes as a `syscall`
// object and `sockets --json` as a `socket` object, reduced to the fields the viewers show.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sysray::exporter {

struct CallRecord {
  int64_t ts_ns = 0;          // when the call was entered (CLOCK_REALTIME)
  int64_t dur_ns = 0;         // 0 for a call that never returned (no dur_ns in the input)
  int64_t pid = 0;
  int64_t tid = 0;
  std::string comm;
  std::string name;           // the syscall, or the socket event ("bind", "send", ...)
  std::string args;           // the decoded arguments as one line: `3, "/etc/hosts", 16`
  std::optional<int64_t> ret; // absent: the call never returned
  std::string error;          // errno's name, "" when the call did not fail
  std::vector<std::string> stack;  // frame names, innermost first (trace -k), else empty

  // "comm (tid)": how every format names the thread.
  std::string thread_name() const;
};

}  // namespace sysray::exporter
