#include "stacks/function_stacks.h"

#include <algorithm>
#include <cerrno>

#include "decode/errno_names.h"

namespace sysray {

std::vector<std::vector<CountedStack>> stacks_per_slot(const std::vector<RawStackCount>& raw,
                                                       size_t slots, const KernelSymbols& symbols) {
  std::vector<std::vector<CountedStack>> out(slots);
  for (const RawStackCount& r : raw) {
    if (r.slot >= slots) continue;
    CountedStack s;
    s.count = r.count;
    s.comm = r.comm;
    s.missed = r.missed;
    s.user = r.user;
    s.user_missed = r.user_missed;
    for (uint64_t addr : r.addrs) {
      KernelFrame f = symbols.frame(addr);
      // fentry and raw tracepoints start their stacks in sysray's own BPF program and its
      // trampoline (kallsyms' [bpf] symbols): the traced code's stack begins below them.
      if (s.kernel.empty() && f.module == "bpf") continue;
      s.kernel.push_back(std::move(f));
    }
    out[r.slot].push_back(std::move(s));
  }
  for (auto& stacks : out)
    std::stable_sort(stacks.begin(), stacks.end(),
                     [](const CountedStack& a, const CountedStack& b) { return a.count > b.count; });
  return out;
}

std::string stackid_error_reason(int err) {
  switch (-err) {
    case ENOMEM: return "stack map full (ENOMEM)";
    // Without BPF_F_REUSE_STACKID the older stack in the bucket wins: this one is dropped.
    case EEXIST: return "stack map hash collision (EEXIST)";
    case EFAULT: return "no kernel stack (EFAULT)";
    default: return "bpf_get_stackid failed: " + decode::errno_label(-err);
  }
}

}  // namespace sysray
