// The funccount BPF programs (bpf/funccount.bpf.c): one counter slot per kernel function or
// tracepoint, attached with the chosen backend, each attachment carrying its slot as cookie.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bpfload/function_probes.h"
#include "bpfload/kernel_stack_counts.h"
#include "bpfload/ring_reader.h"

struct funccount_bpf;
struct bpf_link;

namespace sysray {

struct Tracepoint {
  std::string category, event;
};

struct FunccountConfig {
  std::vector<std::string> functions;   // slots 0..n-1
  std::vector<Tracepoint> tracepoints;  // slots n..
  FuncBackend backend = FuncBackend::KprobeMulti;  // for `functions`
  bool filter_pids = false;
  int cgroup_fd = -1;                   // --cgroup: only that cgroup v2 subtree (-1: any)
  // Another object's `targets` map (bpf/targets.bpf.h) to use instead of our own (-1: none):
  // the exporter's syscall programs follow -f's children into it, so --funcs counts them too.
  int shared_targets_fd = -1;
  std::vector<pid_t> targets;
  bool stacks = false;                  // --stacks: count each kernel stack per slot
  bool stacks_by_comm = false;          // --folded: and per comm
  // --user: each hit goes to userspace with this many bytes of its user stack (0: counted in
  // the kernel, no user stacks); needs `stacks`.
  uint32_t user_stack_bytes = 0;
};

class FunccountPrograms {
 public:
  // Throws UserError when nothing at all could be attached.
  explicit FunccountPrograms(const FunccountConfig& config);
  ~FunccountPrograms();
  FunccountPrograms(const FunccountPrograms&) = delete;
  FunccountPrograms& operator=(const FunccountPrograms&) = delete;

  void add_target(pid_t tgid);
  // Count per slot, summed over CPUs; `reset` zeroes them (for -i).
  std::vector<uint64_t> read_counts(bool reset);
  // With config.stacks: the hits per slot and kernel stack (`reset` as for read_counts).
  std::vector<RawStackCount> read_stacks(bool reset);
  // --user: each ring sample (struct sr_stack_record, then struct sr_func_hit) goes to `cb`,
  // delivered by poll_hits().
  void open_hits(RingReader::SampleCallback cb);
  void poll_hits(int timeout_ms);
  // --user: user stacks the ring had no room for.
  uint64_t lost_user_stacks() const;
  // --user: the kernel stacks the hits name (the stack-trace map), and the hits the ring had
  // no room for, per slot.
  KernelStackMaps stack_maps() const;
  // Attachments the kernel refused, with the reason (those slots stay 0).
  const std::vector<std::pair<std::string, std::string>>& refused() const { return refused_; }
  // Whether slot `slot` got its probe: a refused one must not be reported as "0 calls".
  bool attached(size_t slot) const { return slot < attached_.size() && attached_[slot]; }
  void detach();

 private:
  void attach_functions();
  void attach_tracepoints();
  void refuse(const std::string& what, int err);

  FunccountConfig config_;
  funccount_bpf* skel_ = nullptr;
  FunctionProbes functions_;
  std::vector<bpf_link*> links_;  // the tracepoints'
  std::vector<std::pair<std::string, std::string>> refused_;
  std::vector<bool> attached_;  // per slot
  int ncpus_ = 1;
  std::unique_ptr<RingReader> hits_;
};

}  // namespace sysray
