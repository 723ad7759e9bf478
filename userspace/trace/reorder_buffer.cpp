#include "trace/reorder_buffer.h"

#include <algorithm>

namespace sysray {

uint64_t ReorderBuffer::event_time(const SyscallEvent& ev) {
  return ev.type == SR_REC_SYSCALL_ENTER ? ev.ts_ns : ev.ts_ns + ev.dur_ns;
}

bool ReorderBuffer::later(const Run* a, const Run* b) {
  uint64_t ta = a->times[a->head], tb = b->times[b->head];
  return ta != tb ? ta > tb : a->seq > b->seq;
}

ReorderBuffer::Run* ReorderBuffer::new_run() {
  Run* run;
  if (spare_.empty()) {
    runs_.push_back(std::make_unique<Run>());
    run = runs_.back().get();
  } else {
    run = spare_.back();
    spare_.pop_back();
  }
  run->seq = run_seq_++;
  return run;
}

void ReorderBuffer::retire(Run* run) {
  run->events.clear();
  run->times.clear();
  run->head = 0;
  if (run == open_) open_ = nullptr;
  spare_.push_back(run);
}

void ReorderBuffer::push(SyscallEvent&& ev) {
  uint64_t t = event_time(ev);
  // Extend the open run while times do not go back; an out-of-order event starts a new run.
  // Only a run that still has events is in the heap: an open run whose events were all
  // handed over is retired, so extending never needs to re-insert it.
  if (!open_ || open_->times.back() > t) {
    open_ = new_run();
    open_->events.push_back(std::move(ev));
    open_->times.push_back(t);
    heap_.push_back(open_);
    std::push_heap(heap_.begin(), heap_.end(), later);
  } else {
    open_->events.push_back(std::move(ev));
    open_->times.push_back(t);
  }
  ++size_;
}

void ReorderBuffer::pop_to(const std::function<void(SyscallEvent&&)>& out) {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Run* run = heap_.back();
  SyscallEvent ev = std::move(run->events[run->head++]);
  --size_;
  if (run->empty()) {
    heap_.pop_back();
    retire(run);
  } else {
    // A run that keeps being extended (one busy CPU, always in order) never empties: drop
    // its handed-over front now and then so that memory follows the window, not the session.
    if (run->head >= 4096 && run->head * 2 >= run->events.size()) {
      run->events.erase(run->events.begin(), run->events.begin() + run->head);
      run->times.erase(run->times.begin(), run->times.begin() + run->head);
      run->head = 0;
    }
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  out(std::move(ev));
}

void ReorderBuffer::release(uint64_t now_ns, const std::function<void(SyscallEvent&&)>& out) {
  uint64_t horizon = now_ns > window_ns_ ? now_ns - window_ns_ : 0;
  while (!heap_.empty() && heap_.front()->times[heap_.front()->head] < horizon) pop_to(out);
}

void ReorderBuffer::release_all(const std::function<void(SyscallEvent&&)>& out) {
  while (!heap_.empty()) pop_to(out);
}

}  // namespace sysray
