// The syscall BPF programs (bpf/syscalls.bpf.c) as one RAII object: configure, load (tp_btf,
// falling back to raw_tp), attach, and read what they produce. Destroying it detaches
// everything; after SIGKILL the kernel drops the links with the process's fds.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bpfload/program_set.h"
#include "cli/syscall_filter.h"
#include "format/latency_histogram.h"
#include "sysray/events.h"
#include "sysray/inflight.h"
#include "util/mapped_memory.h"

struct syscalls_bpf;

namespace sysray {

enum class SyscallBackend { Auto, TpBtf, RawTp };
const char* backend_name(SyscallBackend b);

struct SyscallProgramConfig {
  bool count_mode = false;
  bool latency = false;                 // count --latency: per-syscall log2 histograms
  uint32_t comm_keys = 0;               // exporter: count per (comm, syscall, errno) in a hash
                                        // of this many keys (0: not at all)
  bool follow_forks = false;
  bool only_failed = false;
  bool only_succeeded = false;          // -z
  bool filter_pids = false;             // false: system-wide (sysray itself excluded)
  int cgroup_fd = -1;                   // --cgroup: only that cgroup v2 subtree (-1: any)
  std::vector<pid_t> targets;           // tgids, when filter_pids
  uint32_t snaplen = 32;
  bool enter_times = true;              // trace mode: false when the output shows no times
  bool report_exits = true;             // trace mode: a record when a traced thread ends
  uint64_t signals = ~0ull;             // trace mode: signals to report delivered (bit sig-1)
  SyscallSet syscalls;                  // which syscall numbers to trace
  std::vector<sr_syscall_captures> captures;  // indexed by syscall nr (trace mode)
  SyscallBackend backend = SyscallBackend::Auto;
  uint32_t ring_bytes = 16u << 20;      // trace mode only; count mode uses the minimum
  uint32_t stack_bytes = 0;             // trace -k: user stack bytes copied per call (0: none)
};

// exporter: calls of one (comm, syscall, errno) key, summed over CPUs.
struct CommCount {
  sr_comm_key key{};
  uint64_t calls = 0;
};

struct SyscallCounters {
  uint32_t nr = 0;
  sr_syscall_stats stats{};
  std::optional<LatencyHistogram> latency;  // count --latency
};

class SyscallPrograms : public ProgramSet {
 public:
  // Throws UserError with one clear line when the kernel refuses.
  explicit SyscallPrograms(const SyscallProgramConfig& config);
  ~SyscallPrograms();

  SyscallBackend backend() const { return backend_; }

  // Trace mode: call `on_record(data, size)` for each record (poll() delivers them).
  using RecordCallback = std::function<void(const void* data, size_t size)>;
  void set_record_callback(RecordCallback cb);
  // trace -k: call `on_stack(data, size)` for each struct sr_stack_record, as it arrives (before
  // the record of its call). Set it before set_record_callback.
  void set_stack_callback(RecordCallback cb) { on_stack_ = std::move(cb); }

  // Detaches the programs, then delivers every record still in the ring or in a CPU's batch.
  void finish();

  // Trace mode: how far the stream of records is complete. Every record numbered below `seq`
  // had left its CPU's batch (bpf/batch.bpf.h's batch_floor) before the ring's write position
  // was `ring_pos`: once the reader has read that far (delivered()), none is still to come.
  struct SentMark {
    uint64_t seq = 0;
    uint64_t ring_pos = 0;
  };
  SentMark sent_mark() const;
  bool delivered(const SentMark& mark) const { return ring_read_pos() >= mark.ring_pos; }

  // Trace mode: a call `tid` was already in when the programs attached, so that its exit is
  // joined like a blocked call's (sent as resumed when `call.enter_sent`). False when the -e set
  // leaves it out, or the thread already parked another call since.
  bool park_call_in_progress(uint32_t tid, const sr_parked_call& call);

  // Count mode: per-syscall counters summed over CPUs (syscalls with calls > 0); `reset`
  // zeroes them after reading (for -i intervals).
  std::vector<SyscallCounters> read_counters(bool reset);

  // Exporter (config.comm_keys > 0): every key of the per-comm hash with its calls, and the
  // calls the full hash had no room for, per syscall nr (only those with calls > 0).
  std::vector<CommCount> read_comm_counts() const;
  std::vector<std::pair<uint32_t, sr_comm_overflow>> read_comm_overflow() const;

 private:
  void load_attach(SyscallBackend backend);
  void fill_captures();
  void map_batch_floors();
  void destroy();
  // One syscall's histogram, summed over CPUs; `reset` zeroes it.
  LatencyHistogram read_latency(uint32_t nr, bool reset);

  SyscallProgramConfig config_;
  SyscallBackend backend_ = SyscallBackend::Auto;
  syscalls_bpf* skel_ = nullptr;
  RecordCallback on_record_;
  RecordCallback on_stack_;
  MappedMemory batch_floors_;  // trace mode: batch_floor, one u64 per CPU
};

}  // namespace sysray
