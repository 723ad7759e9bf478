// Restores time order across CPUs. Records reach userspace in per-CPU batches, so a batch from
// one CPU can arrive after a later batch from another. Each CPU sends its batch at least every
// few milliseconds while busy and at every context switch, so holding events for a short
// window and releasing them by time puts the stream back in order. Events of one thread are
// already in order and stay so (ties keep arrival order).
//
// How: the arrival stream is cut into runs, maximal stretches whose times never decrease (one
// CPU's batch is such a stretch, as are consecutive batches that happen to follow in time).
// Releasing is a k-way merge of the runs' heads. A few hundred runs sit in the window where a
// heap of single events held tens of thousands, so each event costs a small heap step that
// stays in cache instead of a deep one that misses (the heap of events was the trace
// command's top cost after formatting).
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
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
  size_t size() const { return size_; }

  // When an event happened, for ordering: a completed call's exit, a blocked call's entry.
  static uint64_t event_time(const SyscallEvent& ev);

 private:
  struct Run {
    std::vector<SyscallEvent> events;
    std::vector<uint64_t> times;  // event_time of each event, beside it for the merge
    size_t head = 0;              // next event to hand over
    uint64_t seq = 0;             // creation order: breaks ties between runs
    bool empty() const { return head == events.size(); }
  };
  // The merge heap's order: the run whose head is oldest on top.
  static bool later(const Run* a, const Run* b);
  void pop_to(const std::function<void(SyscallEvent&&)>& out);
  Run* new_run();
  void retire(Run* run);

  uint64_t window_ns_;
  uint64_t run_seq_ = 0;
  size_t size_ = 0;
  Run* open_ = nullptr;                      // the run new events extend, when in order
  std::vector<Run*> heap_;                   // runs with events, by head time
  std::deque<std::unique_ptr<Run>> runs_;    // owns every run
  std::vector<Run*> spare_;                  // emptied runs, their vectors' memory kept
};

}  // namespace sysray
