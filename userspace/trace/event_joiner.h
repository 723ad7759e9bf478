// Pairs a blocked syscall's SR_REC_SYSCALL_ENTER record with its later exit record and decides
// what strace would print: one complete line when nothing interleaved, otherwise
// "<unfinished ...>" when another thread's event comes first (or the call stays blocked past
// a threshold), then "<... NAME resumed>" at the exit. A thread's end and a signal delivered to
// it (SR_REC_THREAD_EXIT, SR_REC_SIGNAL) print as lines of their own, between the calls.
#pragma once
#include <cstdint>
#include <unordered_map>

#include "trace/syscall_event.h"

namespace sysray {

class SyscallPrinter {
 public:
  virtual ~SyscallPrinter() = default;
  virtual void complete(const SyscallEvent& ev) = 0;
  virtual void unfinished(const SyscallEvent& enter) = 0;
  virtual void resumed(const SyscallEvent& merged) = 0;
  // "+++ exited with 0 +++", "--- SIGCHLD {...} ---".
  virtual void notice(const SyscallEvent& ev) = 0;
};

class EventJoiner {
 public:
  explicit EventJoiner(SyscallPrinter& out, uint64_t unfinished_after_ns = 100'000'000)
      : out_(out), unfinished_after_ns_(unfinished_after_ns) {}

  void on_event(SyscallEvent&& ev);
  // Prints "<unfinished ...>" for calls blocked longer than the threshold at `now_ns`
  // (CLOCK_MONOTONIC, the clock of SyscallEvent::ts_ns).
  void tick(uint64_t now_ns);
  // End of the session: calls still blocked are shown as unfinished.
  void finish();
  size_t pending() const { return pending_.size(); }

 private:
  struct Pending {
    SyscallEvent enter;
    bool shown = false;  // its "<unfinished ...>" line is out
  };
  using PendingCalls = std::unordered_map<uint32_t, Pending>;  // by tid
  void show_unfinished_except(uint32_t tid);
  void abandon(uint32_t tid);
  // Prints the end of a pending call as `call`: resumed when its unfinished line is out,
  // whole otherwise; then forgets it.
  void end_pending(PendingCalls::iterator it, const SyscallEvent& call);

  SyscallPrinter& out_;
  uint64_t unfinished_after_ns_;
  PendingCalls pending_;
  size_t not_shown_ = 0;
};

}  // namespace sysray
