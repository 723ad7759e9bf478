#include "commands/lost_report.h"

#include "format/json_format.h"
#include "util/message.h"

namespace sysray {

void LostReport::update(uint64_t total, fmt::memory_buffer* json_out) {
  if (total <= reported_) return;
  uint64_t n = total - reported_;
  reported_ = total;
  print_message("lost {} {}", n, what_);
  if (json_out) append_json_lost(*json_out, n, json_what_);
}

void report_untracked_children(uint64_t n) {
  if (n) print_message("{} child processes could not be followed (target map full)", n);
}

}  // namespace sysray
