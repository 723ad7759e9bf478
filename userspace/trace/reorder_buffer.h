// Restores time order across CPUs. Records reach userspace in per-CPU batches, so a batch from
// one CPU can arrive after a later batch from another. Each CPU sends its batch at least every
// few milliseconds while busy and at every context switch, so holding events for a short
// window and releasing them by time puts the stream back in order. Events of one thread are
// already in order and stay so (the sort is stable).
#pragma once
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "trace/syscall_event.h"

namespace sysray {

class ReorderBuffer {
 public:
  explicit ReorderBuffer(uint64_t window_ns = 30'000'000) : window_ns_(window_ns) {}

  void push(SyscallEvent&& ev);
  // Hands over, oldest first, the events that happened before `now_ns - window`
  // (CLOCK_MONOTONIC). release_all() at the end of a session.
  void release(uint64_t now_ns, const std::function<void(SyscallEvent&&)>& out);
  void release_all(const std::function<void(SyscallEvent&&)>& out);
  size_t size() const { return heap_.size(); }

  // When an event happened, for ordering: a completed call's exit, a blocked call's entry.
  static uint64_t event_time(const SyscallEvent& ev);

 private:
  // The heap orders small entries; events stay put in `events_` (moving whole events around
  // the heap was the trace command's top cost).
  struct Entry {
    uint64_t time;
    uint64_t seq;   // arrival order breaks ties, keeping each thread's order
    uint32_t slot;  // index into events_
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
  };
  void pop_to(const std::function<void(SyscallEvent&&)>& out);

  uint64_t window_ns_;
  uint64_t seq_ = 0;
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  std::vector<SyscallEvent> events_;
  std::vector<uint32_t> free_slots_;
};

}  // namespace sysray
