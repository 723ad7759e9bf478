// trace -k: the user stacks the BPF side sends (struct sr_stack_record), and, unwound on
// arrival, held until the record of their call is printed. A stack arrives before its call's
// record (it is sent at sys_enter, the call at exit), and a call the filters drop at exit
// (--failed, -z) leaves its stack behind: those are forgotten once kKeptStacks newer ones
// arrived.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sysray/events.h"

namespace sysray {

inline constexpr size_t kDwarfRegs = 17;
inline constexpr size_t kDwarfSp = 7;
inline constexpr size_t kDwarfIp = 16;

struct StackRecord {
  uint32_t pid = 0;
  uint32_t tid = 0;
  // DWARF x86_64 numbering: rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip.
  std::array<uint64_t, kDwarfRegs> regs{};
  std::vector<uint8_t> stack;  // from regs[kDwarfSp] up
};

// The DWARF registers of a struct pt_regs (as the BPF side copies it: SR_STACK_REGS u64s).
std::array<uint64_t, kDwarfRegs> dwarf_regs(const __u64 (&pt_regs)[SR_STACK_REGS]);

// Validates one sample of type SR_REC_USER_STACK; nullopt and `error` when malformed.
std::optional<std::pair<uint32_t, StackRecord>> parse_stack_record(const void* data, size_t size,
                                                                   std::string* error = nullptr);

// A stack once unwound: its pcs, innermost first (the first is where the call is made; the
// others are return addresses).
struct UnwoundStack {
  uint32_t pid = 0;
  std::vector<uint64_t> pcs;
};

class StackRecords {
 public:
  static constexpr size_t kKeptStacks = 65536;

  void add(uint32_t id, UnwoundStack stack);
  // The stack of `id`, forgotten here; nullopt when it never came or was forgotten.
  std::optional<UnwoundStack> take(uint32_t id);
  size_t held() const { return by_id_.size(); }

 private:
  std::map<uint32_t, UnwoundStack> by_id_;  // ids grow: the oldest is first
};

}  // namespace sysray
