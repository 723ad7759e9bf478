// Records from the kernel that do not parse are dropped, never silently: the first one is
// reported with its reason at once, and the total at the end of the session.
#pragma once
#include <spdlog/spdlog.h>

#include <cstdint>
#include <string>

#include "util/message.h"

namespace sysray {

class MalformedRecords {
 public:
  void drop(const std::string& why) {
    if (++count_ == 1) spdlog::warn("dropping a malformed record: {}", why);
  }
  // "sysray: dropped N malformed records" on stderr when there were any.
  void report() const {
    if (count_) print_message("dropped {} malformed records", count_);
  }

 private:
  uint64_t count_ = 0;
};

}  // namespace sysray
