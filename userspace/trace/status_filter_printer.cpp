#include "trace/status_filter_printer.h"

#include <algorithm>
#include <vector>

namespace sysray {

CallStatus call_status(const SyscallEvent& ev) {
  if (ev.flags & SR_F_NO_RETURN) return kStatusUnfinished;
  return syscall_error(ev) ? kStatusFailed : kStatusSuccessful;
}

void StatusFilterPrinter::complete(const SyscallEvent& ev) {
  if (wanted_ & call_status(ev)) inner_.complete(ev);
}

void StatusFilterPrinter::unfinished(const SyscallEvent& enter) {
  if (!(wanted_ & kStatusDetached)) return;
  if (ending_)
    inner_.unfinished(enter);
  else
    held_.insert_or_assign(enter.tid, enter);
}

void StatusFilterPrinter::resumed(const SyscallEvent& merged) {
  held_.erase(merged.tid);
  if (wanted_ & call_status(merged)) inner_.complete(merged);
}

void StatusFilterPrinter::session_ending() {
  ending_ = true;
  std::vector<const SyscallEvent*> calls;
  for (const auto& [tid, enter] : held_) calls.push_back(&enter);
  std::sort(calls.begin(), calls.end(), [](auto* a, auto* b) { return a->ts_ns < b->ts_ns; });
  for (const SyscallEvent* enter : calls) inner_.unfinished(*enter);
  held_.clear();
}

}  // namespace sysray
