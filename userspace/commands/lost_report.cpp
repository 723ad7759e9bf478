#include "commands/lost_report.h"

#include "util/message.h"

namespace sysray {

void LostReport::update(uint64_t total, const Output& output, fmt::memory_buffer& buf) {
  if (total <= reported_) return;
  uint64_t n = total - reported_;
  reported_ = total;
  print_message("lost {} {}", n, what_);
  output.lost(buf, n, json_what_);
}

void report_untracked_children(uint64_t n) {
  if (n) print_message("{} child processes could not be followed (target map full)", n);
}

}  // namespace sysray
