// capture's output: the captured writes, in order, as raw bytes (the default: the stream
// itself) or as JSON Lines (one "write" object each, docs/JSON.md); and every loss, said where
// it is: one line on stderr, a line in --gaps FILE, and in JSON a "gap" object in the stream.
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "trace/write_reassembler.h"

namespace sysray {

class CaptureOutput {
 public:
  // `gaps`: --gaps FILE (null: none); not owned.
  CaptureOutput(bool json, FILE* gaps) : json_(json), gaps_(gaps) {}

  // Appends `w` (and its loss, if any) to `out`.
  void write(fmt::memory_buffer& out, const CapturedWrite& w);

  uint64_t lost_bytes() const { return lost_bytes_; }        // known sizes only
  uint64_t lost_writes() const { return lost_writes_; }      // writes not captured whole
  uint64_t unknown_writes() const { return unknown_writes_; }  // of those, size unknown

 private:
  void gap(fmt::memory_buffer& out, const CapturedWrite& w, uint64_t fd_offset);

  bool json_;
  FILE* gaps_;
  uint64_t output_offset_ = 0;           // raw bytes written so far
  std::map<uint32_t, uint64_t> fd_offset_;  // bytes each fd wrote so far, lost ones included
  uint64_t lost_bytes_ = 0, lost_writes_ = 0, unknown_writes_ = 0;
};

// "ring_full", "fault", "unknown": a loss's reason (enum sr_capture_loss, 0: nothing said why).
const char* capture_loss_name(uint32_t reason);

}  // namespace sysray
