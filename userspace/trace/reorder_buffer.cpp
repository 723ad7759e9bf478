#include "trace/reorder_buffer.h"

#include <algorithm>

namespace sysray {

bool ReorderBuffer::later(const Run* a, const Run* b) {
  uint64_t sa = a->seqs[a->head], sb = b->seqs[b->head];
  return sa != sb ? sa > sb : a->created > b->created;
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
  run->created = runs_created_++;
  return run;
}

void ReorderBuffer::retire(Run* run) {
  run->events.clear();
  run->seqs.clear();
  run->arrivals.clear();
  run->head = 0;
  if (run == open_) open_ = nullptr;
  spare_.push_back(run);
}

void ReorderBuffer::push(SyscallEvent&& ev, uint64_t arrival_ns) {
  uint64_t seq = ev.seq;
  if (seq < released_up_to_) ++late_;
  // Extend the open run while seq does not go back; an out-of-order event starts a new run.
  // Only a run that still has events is in the heap: an open run whose events were all
  // handed over is retired, so extending never needs to re-insert it.
  bool fresh = !open_ || open_->seqs.back() > seq;
  if (fresh) open_ = new_run();
  open_->events.push_back(std::move(ev));
  open_->seqs.push_back(seq);
  open_->arrivals.push_back(arrival_ns);
  if (fresh) {
    heap_.push_back(open_);
    std::push_heap(heap_.begin(), heap_.end(), later);
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
      run->seqs.erase(run->seqs.begin(), run->seqs.begin() + run->head);
      run->arrivals.erase(run->arrivals.begin(), run->arrivals.begin() + run->head);
      run->head = 0;
    }
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  released_up_to_ = std::max(released_up_to_, ev.seq + 1);
  out(std::move(ev));
}

void ReorderBuffer::release_below(uint64_t seq, const std::function<void(SyscallEvent&&)>& out) {
  while (!heap_.empty() && heap_.front()->seqs[heap_.front()->head] < seq) pop_to(out);
}

void ReorderBuffer::release(uint64_t now_ns, const std::function<void(SyscallEvent&&)>& out) {
  uint64_t horizon = now_ns > window_ns_ ? now_ns - window_ns_ : 0;
  while (!heap_.empty() && heap_.front()->arrivals[heap_.front()->head] < horizon) pop_to(out);
}

void ReorderBuffer::release_all(const std::function<void(SyscallEvent&&)>& out) {
  while (!heap_.empty()) pop_to(out);
}

}  // namespace sysray
