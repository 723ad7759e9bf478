// One syscall as userspace sees it: a ring-buffer record (sysray/events.h) copied out of the
// ring, with its captured bytes owned, so that it can outlive the ring's memory (a blocked
// call's enter record waits for its exit).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "sysray/events.h"

namespace sysray {

struct Capture {
  uint8_t read = 0;        // enum sr_read: what was read; SR_READ_NONE when nothing was
  uint8_t flags = 0;       // enum sr_capture_flags
  uint32_t full_len = 0;   // length of the object in the traced process, when known
  std::string data;        // the captured bytes (a string capture keeps its NUL)
};

struct SyscallEvent {
  uint32_t type = 0;       // enum sr_record_type
  uint32_t nr = 0;
  uint64_t ts_ns = 0;      // enter time, CLOCK_MONOTONIC; 0 when not measured (events.h)
  uint64_t dur_ns = 0;
  uint64_t seq = 0;        // order in the stream, across CPUs
  uint32_t pid = 0;        // tgid
  uint32_t tid = 0;
  std::string comm;
  uint64_t args[6] = {};
  int64_t ret = 0;
  uint32_t flags = 0;      // enum sr_record_flags
  uint32_t stack_id = 0;   // trace -k: the user stack taken at its enter (0: none)
  Capture cap[SR_MAX_CAPTURES];
};

// The errno of a failed call (its return value in -4095..-1, the kernel's MAX_ERRNO range);
// 0 when it succeeded or never returned.
int syscall_error(const SyscallEvent& ev);

// Validates one record (as split out of a batch) and copies it. On a malformed record returns
// nullopt and, if `error` is given, says what was wrong. `size` may include the record's
// alignment padding.
std::optional<SyscallEvent> parse_syscall_record(const void* data, size_t size,
                                                 std::string* error = nullptr);

// A call that blocked arrives in two records: SR_REC_SYSCALL_ENTER (args, enter captures) and
// later SR_REC_SYSCALL flagged SR_F_RESUMED (ret, duration, exit captures). This rebuilds the
// complete call: identity, args and time from `enter`; ret, duration and flags from `exit`
// (without SR_F_RESUMED: the result is whole); each capture slot from whichever record filled it.
SyscallEvent merge_enter_exit(const SyscallEvent& enter, const SyscallEvent& exit);

}  // namespace sysray
