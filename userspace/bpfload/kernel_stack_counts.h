// funccount --stacks: reads what bpf/funccount.bpf.c counted per (slot, kernel stack[, comm]),
// with each stack's addresses from the stack-trace map. The maps belong to the skeleton
// (FunccountPrograms); this only reads them.
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "trace/stack_frame.h"

namespace sysray {

struct RawStackCount {
  uint32_t slot = 0;
  uint64_t count = 0;
  std::string comm;             // with --folded (and --user)
  std::vector<uint64_t> addrs;  // innermost first; empty when `missed`
  std::string missed;           // why the kernel has no stack for these hits; "" when it has
  std::vector<StackFrame> user; // --user: the user stack, innermost first
  std::string user_missed;      // --user: why the user stack is missing; "" otherwise
};

struct KernelStackMaps {
  int counts_fd = -1;      // stack_counts: sr_stack_key -> hits
  int stacks_fd = -1;      // kstacks: stack id -> addresses
  int table_full_fd = -1;  // stack_table_full: per-CPU hits per slot that found stack_counts full
  int ncpus = 1;
};

// The addresses of stack `id` in the stack-trace map, innermost first; empty when absent.
std::vector<uint64_t> read_kernel_stack(int stacks_fd, int32_t id);
// Sets r.addrs to stack `id` (and adds the id to `ids`, to free after an -i report), or
// r.missed to why there is none: a failed bpf_get_stackid (negative id), or a stack freed.
void fill_kernel_stack(RawStackCount& r, int stacks_fd, int32_t id, std::set<int32_t>& ids);
// Frees the stacks `ids` of the stack-trace map (after an -i report read them).
void free_kernel_stacks(int stacks_fd, const std::set<int32_t>& ids);
// The hits per slot that table_full counted, as entries whose `missed` is `reason`.
void add_missed_hits(const KernelStackMaps& maps, size_t slots, bool reset, const std::string& reason,
                     std::vector<RawStackCount>& out);

// Every counted stack of slots [0, slots). `reset` (funccount -i) takes each entry out as it is
// read (lookup-and-delete: a hit arriving meanwhile is kept for the next report), then frees
// the stacks read.
std::vector<RawStackCount> read_kernel_stack_counts(const KernelStackMaps& maps, size_t slots,
                                                    bool reset);

}  // namespace sysray
