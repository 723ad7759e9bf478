// capture: turns the pieces bpf/capture_fd.bpf.c sends (struct sr_capture_chunk) back into
// whole writes, released in the order the writes returned (their sequence numbers). A write
// whose rest the kernel side could not send (sr_capture_lost, looked up by seq) or that never
// arrived at all is released with its loss marked, never glued to the next one silently.
// Pure: no BPF, unit-tested with crafted pieces.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "sysray/capture.h"

namespace sysray {

struct CapturedWrite {
  uint64_t seq = 0;
  uint32_t pid = 0, tid = 0, fd = 0, nr = 0;
  uint64_t total = 0;  // bytes the write returned (0: unknown, nothing of it arrived)
  std::string data;    // the bytes received: a prefix of the write
  // Set when bytes [data.size(), total) are missing; the reason (enum sr_capture_loss), or 0
  // when nothing said why (the write's number never arrived: its size is unknown too).
  std::optional<uint32_t> loss;

  bool complete() const { return !loss && data.size() == total; }
};

class WriteReassembler {
 public:
  // What the kernel side recorded about a write it could not send whole (the lost_writes map).
  using LostLookup = std::function<std::optional<sr_capture_lost>(uint64_t seq)>;
  using Sink = std::function<void(const CapturedWrite&)>;

  // `stall_ns`: how long the next write may stay missing while later ones are there, before it
  // is given up (a program run takes microseconds; this only matters when records were lost).
  explicit WriteReassembler(uint64_t stall_ns = 1'000'000'000) : stall_ns_(stall_ns) {}

  // One ring record: header and `c.len` data bytes. False (and nothing kept) for a piece that
  // does not continue its write where the last one stopped.
  bool add(const sr_capture_chunk& c, const uint8_t* data);

  // Releases the writes that are ready, in order. `now_ns`: a monotonic clock, for the stall
  // limit. With `end_seq` (the kernel's count of writes, after the programs are detached and
  // the ring drained), everything before it is released, losses included.
  void release(const Sink& sink, const LostLookup& lost, uint64_t now_ns,
               std::optional<uint64_t> end_seq = std::nullopt);

  uint64_t next_seq() const { return next_seq_; }
  size_t pending() const { return pending_.size(); }

 private:
  // Gives the front write up: its recorded loss, or else an unknown one.
  void give_up(CapturedWrite& w, const LostLookup& lost);

  uint64_t stall_ns_;
  uint64_t next_seq_ = 0;
  std::map<uint64_t, CapturedWrite> pending_;
  std::optional<uint64_t> stalled_since_;
};

}  // namespace sysray
