// Reading a BPF_MAP_TYPE_PERCPU_HASH of __u64 counters (the exporter's per-comm counts).
#pragma once
#include <bpf/bpf.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace sysray {

// Every key of `fd` with its counter summed over `ncpus` CPUs; keys that sum to 0 are left out.
// The keys are never deleted while sysray runs, so the walk sees each one once.
template <typename Key>
std::vector<std::pair<Key, uint64_t>> read_percpu_hash_sums(int fd, int ncpus) {
  std::vector<std::pair<Key, uint64_t>> out;
  std::vector<uint64_t> per_cpu(ncpus);
  Key key{};
  const void* prev = nullptr;
  while (bpf_map_get_next_key(fd, prev, &key) == 0) {
    prev = &key;
    if (bpf_map_lookup_elem(fd, &key, per_cpu.data())) continue;
    uint64_t sum = 0;
    for (uint64_t v : per_cpu) sum += v;
    if (sum) out.emplace_back(key, sum);
  }
  return out;
}

}  // namespace sysray
