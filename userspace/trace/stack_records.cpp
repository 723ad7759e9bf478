#include "trace/stack_records.h"

#include <sys/user.h>

#include <cstddef>
#include <cstring>

namespace sysray {

namespace {

// The BPF side sends struct pt_regs, which is <sys/user.h>'s user_regs_struct up to ss.
static_assert(sizeof(sr_stack_record::regs) <= sizeof(user_regs_struct));

// Where each DWARF register (x86_64 numbering) is in user_regs_struct, in u64s.
constexpr size_t at(size_t offset) { return offset / sizeof(uint64_t); }
constexpr std::array<size_t, kDwarfRegs> kFromPtRegs = {
    at(offsetof(user_regs_struct, rax)), at(offsetof(user_regs_struct, rdx)),
    at(offsetof(user_regs_struct, rcx)), at(offsetof(user_regs_struct, rbx)),
    at(offsetof(user_regs_struct, rsi)), at(offsetof(user_regs_struct, rdi)),
    at(offsetof(user_regs_struct, rbp)), at(offsetof(user_regs_struct, rsp)),
    at(offsetof(user_regs_struct, r8)),  at(offsetof(user_regs_struct, r9)),
    at(offsetof(user_regs_struct, r10)), at(offsetof(user_regs_struct, r11)),
    at(offsetof(user_regs_struct, r12)), at(offsetof(user_regs_struct, r13)),
    at(offsetof(user_regs_struct, r14)), at(offsetof(user_regs_struct, r15)),
    at(offsetof(user_regs_struct, rip))};

}  // namespace

std::array<uint64_t, kDwarfRegs> dwarf_regs(const __u64 (&pt_regs)[SR_STACK_REGS]) {
  std::array<uint64_t, kDwarfRegs> out{};
  for (size_t i = 0; i < kDwarfRegs; ++i) out[i] = pt_regs[kFromPtRegs[i]];
  return out;
}

std::optional<std::pair<uint32_t, StackRecord>> parse_stack_record(const void* data, size_t size,
                                                                   std::string* error) {
  auto fail = [&](const char* why) -> std::optional<std::pair<uint32_t, StackRecord>> {
    if (error) *error = why;
    return std::nullopt;
  };
  sr_stack_record rec;
  if (size < sizeof(rec)) return fail("stack record shorter than its header");
  std::memcpy(&rec, data, sizeof(rec));
  if (rec.type != SR_REC_USER_STACK) return fail("not a stack record");
  if (rec.len > SR_STACK_MAX || rec.len > size - sizeof(rec)) return fail("stack longer than its record");
  if (rec.stack_id == 0) return fail("stack record without an id");
  StackRecord out;
  out.pid = rec.pid;
  out.tid = rec.tid;
  out.regs = dwarf_regs(rec.regs);
  const auto* bytes = static_cast<const uint8_t*>(data) + sizeof(rec);
  out.stack.assign(bytes, bytes + rec.len);
  return std::make_pair(rec.stack_id, std::move(out));
}

void StackRecords::add(uint32_t id, UnwoundStack stack) {
  by_id_[id] = std::move(stack);
  while (by_id_.size() > kKeptStacks) by_id_.erase(by_id_.begin());
}

std::optional<UnwoundStack> StackRecords::take(uint32_t id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  UnwoundStack out = std::move(it->second);
  by_id_.erase(it);
  return out;
}

}  // namespace sysray
