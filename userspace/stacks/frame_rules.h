// trace -k: the CFI rules of one frame (what libdw's Dwarf_Frame says for one pc), copied into a
// compact form that is cached, so that stepping through a frame seen before costs no libdw call,
// and applied to a snapshot's registers and stack bytes.
#pragma once
#include <elfutils/libdw.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "stacks/snapshot.h"

namespace sysray::stacks {

// Register values of one frame; a bit of `known` per register (a caller-saved register is
// unknown in every frame but the first).
struct Registers {
  std::array<uint64_t, kRegCount> value{};
  uint32_t known = 0;
  bool has(int r) const { return (known >> r) & 1; }
  void set(int r, uint64_t v) {
    value[static_cast<size_t>(r)] = v;
    known |= 1u << r;
  }
};

class FrameRules {
 public:
  // From libdw's frame; nullopt when its CFA is not computable.
  static std::optional<FrameRules> from(Dwarf_Frame* frame);

  // The caller's registers (its rip is the return address). False when the CFA, or the return
  // address, needs a value that is unknown or outside the copied stack: the walk ends there.
  bool step(const Registers& callee, const StackSnapshot& snap, Registers& caller) const;

  // A signal trampoline's frame: its caller's pc is exact (interrupted), not a return address.
  bool signal_frame() const { return signal_frame_; }

 private:
  enum class Kind : uint8_t { Undefined, Same, AtAddress, Value };
  struct Expr {
    uint16_t first = 0;
    uint16_t count = 0;
  };
  Expr add(std::span<const Dwarf_Op> ops);

  std::vector<Dwarf_Op> ops_;  // every expression, back to back
  Expr cfa_;
  std::array<Kind, kRegCount> kind_{};
  std::array<Expr, kRegCount> expr_{};
  int ra_reg_ = kRip;
  bool signal_frame_ = false;
};

// Evaluates a DWARF expression (the subset CFI uses: register bases, constants, arithmetic,
// comparisons, stack operations, deref from the snapshot). `cfa` serves DW_OP_call_frame_cfa.
std::optional<uint64_t> eval_dwarf_expr(std::span<const Dwarf_Op> ops, const Registers& regs,
                                        std::optional<uint64_t> cfa, const StackSnapshot& snap);

}  // namespace sysray::stacks
