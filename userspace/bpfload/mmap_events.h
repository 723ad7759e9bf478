// trace -k: the kernel's reports of new executable mappings, forks and execs of every process
// (perf's side-band records: PERF_RECORD_MMAP2, _FORK, _COMM), as `perf record` keeps them,
// so that a process's code can be symbolized after it exited. One dummy software event per
// CPU, read through libbpf's raw perf buffer.
#pragma once
#include <bpf/libbpf.h>
#include <linux/perf_event.h>

#include <cstdint>

#include "trace/process_mappings.h"
#include "util/unique_fd.h"

namespace sysray {

class MmapEvents {
 public:
  // Fills `into` as records are read. Throws UserError when the kernel refuses the events.
  explicit MmapEvents(ProcessMappings& into);
  ~MmapEvents();
  MmapEvents(const MmapEvents&) = delete;
  MmapEvents& operator=(const MmapEvents&) = delete;

  // Reads what has arrived, without waiting.
  void consume();
  // Records the kernel had no room for (perf's PERF_RECORD_LOST): mappings sysray missed.
  uint64_t lost() const { return lost_; }

 private:
  static bpf_perf_event_ret on_record(void* self, int cpu, perf_event_header* header);

  ProcessMappings& into_;
  UniqueFd map_fd_;  // the PERF_EVENT_ARRAY libbpf keeps the per-CPU events in
  perf_buffer* buffer_ = nullptr;
  uint64_t lost_ = 0;
};

}  // namespace sysray
