#include "trace/event_joiner.h"

namespace sysray {

void EventJoiner::show_unfinished_except(uint32_t tid) {
  if (not_shown_ == 0) return;  // the common case: nothing blocked, nothing to scan
  for (auto& [ptid, p] : pending_) {
    if (ptid == tid || p.shown) continue;
    out_.unfinished(p.enter);
    p.shown = true;
    --not_shown_;
  }
}

// The thread ended in the middle of a call (it was killed while blocked): the call never
// returns, and strace ends it with "= ?".
void EventJoiner::abandon(uint32_t tid) {
  auto it = pending_.find(tid);
  if (it == pending_.end()) return;
  SyscallEvent call = std::move(it->second.enter);
  call.type = SR_REC_SYSCALL;
  call.flags |= SR_F_NO_RETURN | SR_F_KILLED;
  end_pending(it, call);
}

void EventJoiner::end_pending(PendingCalls::iterator it, const SyscallEvent& call) {
  if (it->second.shown) {
    out_.resumed(call);
  } else {
    --not_shown_;
    out_.complete(call);
  }
  pending_.erase(it);
}

void EventJoiner::on_event(SyscallEvent&& ev) {
  show_unfinished_except(ev.tid);
  if (ev.type == SR_REC_THREAD_EXIT || ev.type == SR_REC_SIGNAL) {
    if (ev.type == SR_REC_THREAD_EXIT) abandon(ev.tid);
    out_.notice(ev);
    return;
  }
  if (ev.type == SR_REC_SYSCALL_ENTER) {
    auto [it, inserted] = pending_.try_emplace(ev.tid);
    if (!inserted && !it->second.shown) --not_shown_;  // an exit was lost: forget the old call
    it->second = Pending{std::move(ev), false};
    ++not_shown_;
    return;
  }
  auto it = pending_.find(ev.tid);
  if (!(ev.flags & SR_F_RESUMED) || it == pending_.end()) {
    // A resumed exit without its enter record (lost) still has args and exit data: show it.
    out_.complete(ev);
    return;
  }
  end_pending(it, merge_enter_exit(it->second.enter, ev));
}

void EventJoiner::tick(uint64_t now_ns) {
  if (not_shown_ == 0) return;
  for (auto& [tid, p] : pending_) {
    if (p.shown || now_ns - p.enter.ts_ns < unfinished_after_ns_) continue;
    out_.unfinished(p.enter);
    p.shown = true;
    --not_shown_;
  }
}

void EventJoiner::finish() {
  tick(UINT64_MAX);
  pending_.clear();
  not_shown_ = 0;
}

}  // namespace sysray
