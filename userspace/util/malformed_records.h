// Records from the kernel that do not parse are dropped, never silently: the first one is
// reported with its reason at once, and the total at the end of the session.
#pragma once
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace sysray {

class MalformedRecords {
 public:
  void drop(const std::string& why) {
    if (++count_ == 1) spdlog::warn("dropping a malformed record: {}", why);
  }
  // "sysray: dropped N malformed records" on stderr when there were any.
  void report() const {
    if (count_) fmt::print(stderr, "sysray: dropped {} malformed records\n", count_);
  }

 private:
  uint64_t count_ = 0;
};

}  // namespace sysray
