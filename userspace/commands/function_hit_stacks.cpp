#include "commands/function_hit_stacks.h"

#include <fmt/format.h>

#include <cstring>
#include <set>

#include "format/stack_format.h"
#include "sysray/events.h"
#include "sysray/stack_counts.h"

namespace sysray {

void FunctionHitStacks::on_sample(const void* data, size_t size) {
  uint32_t type = 0;
  if (size >= sizeof(type)) std::memcpy(&type, data, sizeof(type));
  if (type == SR_REC_USER_STACK) return stacks_.on_record(data, size);
  sr_func_hit hit;
  if (type != SR_REC_FUNC_HIT || size != sizeof(hit))
    return malformed_.drop(fmt::format("funccount ring sample of type {} and {} bytes", type, size));
  std::memcpy(&hit, data, sizeof(hit));
  Counted c;
  if (hit.flags & SR_HIT_STACK_LOST)
    c.user_missed = "no room in the ring buffer";
  else
    c.user = stacks_.take(hit.stack_id);  // none for a kernel thread
  std::string frames;
  for (const auto& f : c.user) frames += strace_frame_line(f, false) + "\n";
  Key key{hit.slot, hit.kstack_id, by_comm_ ? std::string(hit.comm, strnlen(hit.comm, sizeof(hit.comm))) : "",
          c.user_missed.empty() ? frames : "[" + c.user_missed + "]"};
  auto [it, added] = counts_.try_emplace(std::move(key), std::move(c));
  ++it->second.count;
}

std::vector<RawStackCount> FunctionHitStacks::take(const KernelStackMaps& maps, size_t slots, bool reset) {
  std::vector<RawStackCount> out;
  std::set<int32_t> ids;
  for (const auto& [key, counted] : counts_) {
    const auto& [slot, kstack_id, comm, frames] = key;
    RawStackCount r;
    r.slot = slot;
    r.count = counted.count;
    r.comm = comm;
    r.user = counted.user;
    r.user_missed = counted.user_missed;
    fill_kernel_stack(r, maps.stacks_fd, kstack_id, ids);
    out.push_back(std::move(r));
  }
  if (reset) {
    counts_.clear();
    free_kernel_stacks(maps.stacks_fd, ids);
  }
  add_missed_hits(maps, slots, reset, "no room in the ring buffer", out);
  return out;
}

void FunctionHitStacks::report_end() const {
  malformed_.report();
  stacks_.report_end();
}

}  // namespace sysray
