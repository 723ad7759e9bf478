#include "trace/reorder_buffer.h"

namespace sysray {

uint64_t ReorderBuffer::event_time(const SyscallEvent& ev) {
  return ev.type == SR_REC_SYSCALL_ENTER ? ev.ts_ns : ev.ts_ns + ev.dur_ns;
}

void ReorderBuffer::push(SyscallEvent&& ev) {
  uint64_t t = event_time(ev);
  uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<uint32_t>(events_.size());
    events_.push_back(std::move(ev));
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
    events_[slot] = std::move(ev);
  }
  heap_.push(Entry{t, seq_++, slot});
}

void ReorderBuffer::pop_to(const std::function<void(SyscallEvent&&)>& out) {
  uint32_t slot = heap_.top().slot;
  heap_.pop();
  free_slots_.push_back(slot);
  out(std::move(events_[slot]));
}

void ReorderBuffer::release(uint64_t now_ns, const std::function<void(SyscallEvent&&)>& out) {
  uint64_t horizon = now_ns > window_ns_ ? now_ns - window_ns_ : 0;
  while (!heap_.empty() && heap_.top().time < horizon) pop_to(out);
}

void ReorderBuffer::release_all(const std::function<void(SyscallEvent&&)>& out) {
  while (!heap_.empty()) pop_to(out);
}

}  // namespace sysray
