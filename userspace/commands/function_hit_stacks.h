// funccount --user: the hits bpf/funccount.bpf.c sends one by one, each right after its user
// stack, counted here per (function, kernel stack, comm, user frames): the user frames need
// DWARF unwinding, which the kernel cannot do. Stacks are unwound and named as they arrive,
// with trace -k's machinery (so a process that exited meanwhile still has names).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "bpfload/kernel_stack_counts.h"
#include "commands/trace_stacks.h"
#include "util/malformed_records.h"

namespace sysray {

class FunctionHitStacks {
 public:
  // Starts watching mappings: before the programs attach. `by_comm` (--folded): the hits of
  // each comm apart.
  explicit FunctionHitStacks(bool by_comm) : by_comm_(by_comm), stacks_(false) {}

  // A ring sample: a struct sr_stack_record or a struct sr_func_hit.
  void on_sample(const void* data, size_t size);
  // Reads the mapping events that arrived.
  void poll() { stacks_.poll(); }
  // The hits counted so far, with their kernel stacks' addresses from `maps` and the hits the
  // ring had no room for; `reset` (-i) starts the counts over and frees the stacks read.
  std::vector<RawStackCount> take(const KernelStackMaps& maps, size_t slots, bool reset);
  // At the end: malformed records and mapping reports lost.
  void report_end() const;

 private:
  struct Counted {
    uint64_t count = 0;
    std::vector<StackFrame> user;
    std::string user_missed;
  };
  // (slot, kernel stack id, comm, the user frames as strace prints them)
  using Key = std::tuple<uint32_t, int32_t, std::string, std::string>;

  bool by_comm_;
  TraceStacks stacks_;
  std::map<Key, Counted> counts_;
  MalformedRecords malformed_;
};

}  // namespace sysray
