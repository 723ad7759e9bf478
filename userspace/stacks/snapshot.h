// trace -k: what the BPF side copies at a syscall's entry, as the unwinder reads it: the user
// registers and the top of the user stack. Everything past the copied bytes is unknown: the
// unwinder stops there rather than guess.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace sysray::stacks {

// DWARF register numbers of x86_64 (the psABI's), the order of StackSnapshot::regs.
enum DwarfReg : int {
  kRax = 0, kRdx = 1, kRcx = 2, kRbx = 3, kRsi = 4, kRdi = 5, kRbp = 6, kRsp = 7,
  kR8 = 8, kR9, kR10, kR11, kR12, kR13, kR14, kR15,
  kRip = 16,
};
inline constexpr int kRegCount = 17;

struct StackSnapshot {
  std::array<uint64_t, kRegCount> regs{};
  std::span<const uint8_t> stack;  // the bytes at regs[kRsp] and up

  // The 8-byte word at `addr`, when it lies wholly inside the copied bytes.
  std::optional<uint64_t> word(uint64_t addr) const {
    uint64_t sp = regs[kRsp];
    if (addr < sp || addr - sp > stack.size() || stack.size() - (addr - sp) < sizeof(uint64_t))
      return std::nullopt;
    uint64_t v;
    std::memcpy(&v, stack.data() + (addr - sp), sizeof v);
    return v;
  }
};

}  // namespace sysray::stacks
