// Restores the stream's order across CPUs. Records reach userspace in per-CPU batches, so a
// batch from one CPU can arrive after a later batch from another. Each record carries `seq`,
// taken from one counter shared by all CPUs as it was committed (so it is the order in which
// things happened, without a clock read per record). The BPF side also says how far the
// stream is complete (SyscallPrograms::sent_mark): release_below() hands over everything
// numbered below that, whatever the delay. release() is the backstop for a mark that stops
// moving (a CPU that never sends its batch): it hands over what has waited longer than the
// window; a record that comes after that is out of order, and counted (late()).
//
// How: the arrival stream is cut into runs, maximal stretches whose seq never decreases (one
// CPU's batch is such a stretch, as are consecutive batches that happen to follow).
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
  explicit ReorderBuffer(uint64_t window_ns = 1'000'000'000) : window_ns_(window_ns) {}

  // `arrival_ns`: when userspace read the event (CLOCK_MONOTONIC).
  void push(SyscallEvent&& ev, uint64_t arrival_ns);
  // Hands over, in seq order, the events numbered below `seq`: all of them have arrived.
  void release_below(uint64_t seq, const std::function<void(SyscallEvent&&)>& out);
  // Hands over, in seq order, the events up to the first one that arrived after
  // `now_ns - window`. release_all() at the end of a session.
  void release(uint64_t now_ns, const std::function<void(SyscallEvent&&)>& out);
  void release_all(const std::function<void(SyscallEvent&&)>& out);
  size_t size() const { return size_; }
  // Events that arrived after a later-numbered event had been handed over.
  uint64_t late() const { return late_; }

 private:
  struct Run {
    std::vector<SyscallEvent> events;
    std::vector<uint64_t> seqs;      // each event's seq, beside it for the merge
    std::vector<uint64_t> arrivals;  // when each arrived
    size_t head = 0;              // next event to hand over
    uint64_t created = 0;            // creation order: breaks ties between equal seqs
    bool empty() const { return head == events.size(); }
  };
  // The merge heap's order: the run whose head has the lowest seq on top.
  static bool later(const Run* a, const Run* b);
  void pop_to(const std::function<void(SyscallEvent&&)>& out);
  Run* new_run();
  void retire(Run* run);

  uint64_t window_ns_;
  uint64_t released_up_to_ = 0;  // 1 + the highest seq handed over (0: none yet)
  uint64_t late_ = 0;
  uint64_t runs_created_ = 0;
  size_t size_ = 0;
  Run* open_ = nullptr;                      // the run new events extend, when in order
  std::vector<Run*> heap_;                   // runs with events, by head seq
  std::deque<std::unique_ptr<Run>> runs_;    // owns every run
  std::vector<Run*> spare_;                  // emptied runs, their vectors' memory kept
};

}  // namespace sysray
