// What a session could not see, said on stderr: records the kernel side could not deliver (the
// ring was full), reported as their counter grows — one line per increase, and in the output
// a mark at that point (a "lost" object in JSON), so that a reader sees where the gap is; and
// -f's children that the targets map had no room for. Shared by every command that streams
// records.
#pragma once
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "format/output.h"

namespace sysray {

class LostReport {
 public:
  // `what`: what was lost, in the stderr line ("events", "process exits"); `json_what`: the
  // JSON object's "what" field ("": none, for the stream's own records).
  explicit LostReport(std::string what, std::string json_what = "")
      : what_(std::move(what)), json_what_(std::move(json_what)) {}

  // `total`: the counter now; the mark goes to `buf` through `output`.
  void update(uint64_t total, const Output& output, fmt::memory_buffer& buf);

 private:
  std::string what_, json_what_;
  uint64_t reported_ = 0;
};

// "sysray: N child processes could not be followed (target map full)" when n > 0.
void report_untracked_children(uint64_t n);

}  // namespace sysray
