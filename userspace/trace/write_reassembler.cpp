#include "trace/write_reassembler.h"

namespace sysray {

bool WriteReassembler::add(const sr_capture_chunk& c, const uint8_t* data) {
  if (c.seq < next_seq_) return false;  // already released (given up as lost)
  CapturedWrite& w = pending_[c.seq];
  if (w.data.empty() && w.total == 0) {
    w.seq = c.seq;
    w.pid = c.pid;
    w.tid = c.tid;
    w.fd = c.fd;
    w.nr = c.nr;
    w.total = c.total;
  }
  if (c.offset != w.data.size() || c.offset + c.len > w.total) {
    if (w.data.empty()) pending_.erase(c.seq);
    return false;
  }
  w.data.append(reinterpret_cast<const char*>(data), c.len);
  return true;
}

void WriteReassembler::give_up(CapturedWrite& w, const LostLookup& lost) {
  std::optional<sr_capture_lost> l = lost(w.seq);
  if (l) {
    if (w.total == 0) {
      w.pid = l->pid;
      w.tid = l->tid;
      w.fd = l->fd;
      w.total = l->total;
    }
    w.loss = l->reason;
  } else {
    w.loss = 0;
  }
}

void WriteReassembler::release(const Sink& sink, const LostLookup& lost, uint64_t now_ns,
                               std::optional<uint64_t> end_seq) {
  for (;;) {
    auto it = pending_.find(next_seq_);
    if (it != pending_.end() && it->second.complete()) {
      sink(it->second);
      pending_.erase(it);
      ++next_seq_;
      stalled_since_.reset();
      continue;
    }
    bool at_end = end_seq && next_seq_ < *end_seq;
    if (!at_end) {
      // Nothing later has arrived: the write may still be on its way (or the last one).
      bool later = !pending_.empty() && pending_.rbegin()->first > next_seq_;
      bool partial = it != pending_.end();
      if (!later && !partial) return;
      // A recorded loss releases the write at once, once the pieces before it are here.
      if (std::optional<sr_capture_lost> l = lost(next_seq_);
          l && (it == pending_.end() ? l->offset == 0 : it->second.data.size() >= l->offset)) {
        at_end = true;
      } else {
        if (!stalled_since_) stalled_since_ = now_ns;
        if (now_ns - *stalled_since_ < stall_ns_) return;
        at_end = true;
      }
    }
    CapturedWrite missing;
    missing.seq = next_seq_;
    CapturedWrite& w = it != pending_.end() ? it->second : missing;
    give_up(w, lost);
    sink(w);
    if (it != pending_.end()) pending_.erase(it);
    ++next_seq_;
    stalled_since_.reset();
  }
}

}  // namespace sysray
