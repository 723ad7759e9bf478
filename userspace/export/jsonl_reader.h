// Reads sysray JSON Lines one line at a time (bounded memory whatever the input's size) and
// hands each call to a callback. Objects that are sysray's but carry no call (exit, signal,
// lost, summaries, ...) are passed over; a line that is not sysray JSON gets one warning with
// its line number and is skipped, so that the rest still converts.
#pragma once
#include <cstdint>
#include <functional>
#include <istream>
#include <string>

#include "export/call_record.h"

namespace sysray::exporter {

struct ReadStats {
  uint64_t lines = 0;
  uint64_t calls = 0;
  uint64_t bad_lines = 0;
};

class JsonlReader {
 public:
  // `source_name` names the input in warnings; progress goes to stderr every `progress_bytes`
  // bytes read (0: never).
  JsonlReader(std::istream& in, std::string source_name, uint64_t progress_bytes);

  // Calls `on_call` for each call, in input order. Returns what was read.
  ReadStats read_all(const std::function<void(const CallRecord&)>& on_call);

 private:
  void warn_bad_line(uint64_t line_number, const std::string& why);

  std::istream& in_;
  std::string source_name_;
  uint64_t progress_bytes_;
  ReadStats stats_;
};

}  // namespace sysray::exporter
