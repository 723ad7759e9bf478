#include "bpfload/kernel_stack_counts.h"

#include <bpf/bpf.h>

#include <cstring>
#include <set>

#include "stacks/function_stacks.h"
#include "sysray/stack_counts.h"

namespace sysray {

namespace {

std::vector<sr_stack_key> all_keys(int fd) {
  std::vector<sr_stack_key> keys;
  sr_stack_key key{}, next{};
  const void* prev = nullptr;
  while (bpf_map_get_next_key(fd, prev, &next) == 0) {
    keys.push_back(next);
    key = next;
    prev = &key;
  }
  return keys;
}

}  // namespace

std::vector<uint64_t> read_kernel_stack(int fd, int32_t id) {
  std::vector<uint64_t> addrs(SR_MAX_KSTACK_DEPTH);
  uint32_t key = id;
  if (bpf_map_lookup_elem(fd, &key, addrs.data())) return {};
  size_t n = 0;
  while (n < addrs.size() && addrs[n]) ++n;
  addrs.resize(n);
  return addrs;
}

void fill_kernel_stack(RawStackCount& r, int stacks_fd, int32_t id, std::set<int32_t>& ids) {
  if (id < 0) {
    r.missed = stackid_error_reason(id);
    return;
  }
  ids.insert(id);
  r.addrs = read_kernel_stack(stacks_fd, id);
  // Freed by an earlier -i report while this hit was being counted under its id.
  if (r.addrs.empty()) r.missed = "stack freed before it was read";
}

void free_kernel_stacks(int stacks_fd, const std::set<int32_t>& ids) {
  for (int32_t id : ids) {
    uint32_t key = id;
    bpf_map_delete_elem(stacks_fd, &key);
  }
}

void add_missed_hits(const KernelStackMaps& maps, size_t slots, bool reset, const std::string& reason,
                     std::vector<RawStackCount>& out) {
  std::vector<uint64_t> per_cpu(maps.ncpus), zeros(maps.ncpus);
  for (uint32_t slot = 0; slot < slots; ++slot) {
    if (bpf_map_lookup_elem(maps.table_full_fd, &slot, per_cpu.data())) continue;
    uint64_t n = 0;
    for (uint64_t v : per_cpu) n += v;
    if (!n) continue;
    if (reset) bpf_map_update_elem(maps.table_full_fd, &slot, zeros.data(), BPF_ANY);
    RawStackCount r;
    r.slot = slot;
    r.count = n;
    r.missed = reason;
    out.push_back(std::move(r));
  }
}

std::vector<RawStackCount> read_kernel_stack_counts(const KernelStackMaps& maps, size_t slots,
                                                    bool reset) {
  std::vector<RawStackCount> out;
  std::set<int32_t> ids;
  for (const sr_stack_key& key : all_keys(maps.counts_fd)) {
    uint64_t count = 0;
    int err = reset ? bpf_map_lookup_and_delete_elem(maps.counts_fd, &key, &count)
                    : bpf_map_lookup_elem(maps.counts_fd, &key, &count);
    if (err || !count || key.slot >= slots) continue;
    RawStackCount r;
    r.slot = key.slot;
    r.count = count;
    r.comm.assign(key.comm, strnlen(key.comm, sizeof(key.comm)));
    fill_kernel_stack(r, maps.stacks_fd, key.kstack_id, ids);
    out.push_back(std::move(r));
  }
  if (reset) free_kernel_stacks(maps.stacks_fd, ids);
  add_missed_hits(maps, slots, reset, "stack count table full", out);
  return out;
}

}  // namespace sysray
