#include "trace/reorder_buffer.h"

namespace sysray {

uint64_t ReorderBuffer::event_time(const SyscallEvent& ev) {
  return ev.type == SR_REC_SYSCALL_ENTER ? ev.ts_ns : ev.ts_ns + ev.dur_ns;
}

void ReorderBuffer::push(SyscallEvent&& ev) {
  uint64_t t = event_time(ev);
  heap_.push(Entry{t, seq_++, std::move(ev)});
}

void ReorderBuffer::pop_to(const std::function<void(SyscallEvent&&)>& out) {
  // priority_queue::top() is const: the event is moved out of a copy-free const_cast, which is
  // safe because the entry is popped immediately after.
  auto& top = const_cast<Entry&>(heap_.top());
  SyscallEvent ev = std::move(top.ev);
  heap_.pop();
  out(std::move(ev));
}

void ReorderBuffer::release(uint64_t now_ns, const std::function<void(SyscallEvent&&)>& out) {
  uint64_t horizon = now_ns > window_ns_ ? now_ns - window_ns_ : 0;
  while (!heap_.empty() && heap_.top().time < horizon) pop_to(out);
}

void ReorderBuffer::release_all(const std::function<void(SyscallEvent&&)>& out) {
  while (!heap_.empty()) pop_to(out);
}

}  // namespace sysray
