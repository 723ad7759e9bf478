#include "stacks/frame_rules.h"

#include <dwarf.h>

namespace sysray::stacks {

namespace {

// Register rules as dwarf_frame_register gives them end in DW_OP_stack_value when they are a
// value rather than where the value is saved.
bool ends_in_value(std::span<const Dwarf_Op> ops) { return !ops.empty() && ops.back().atom == DW_OP_stack_value; }

}  // namespace

std::optional<uint64_t> eval_dwarf_expr(std::span<const Dwarf_Op> ops, const Registers& regs,
                                        std::optional<uint64_t> cfa, const StackSnapshot& snap) {
  uint64_t stack[16];
  size_t depth = 0;
  auto push = [&](uint64_t v) {
    if (depth == std::size(stack)) return false;
    stack[depth++] = v;
    return true;
  };
  auto reg = [&](uint64_t r, std::optional<uint64_t>& out) {
    if (r >= kRegCount || !regs.has(static_cast<int>(r))) return false;
    out = regs.value[r];
    return true;
  };
  for (const Dwarf_Op& op : ops) {
    uint8_t a = op.atom;
    std::optional<uint64_t> v;
    if (a >= DW_OP_lit0 && a <= DW_OP_lit31) {
      v = uint64_t{a} - DW_OP_lit0;
    } else if (a >= DW_OP_breg0 && a <= DW_OP_breg31) {
      if (!reg(a - DW_OP_breg0, v)) return std::nullopt;
      *v += op.number;
    } else if (a >= DW_OP_reg0 && a <= DW_OP_reg31) {
      if (!reg(a - DW_OP_reg0, v)) return std::nullopt;
    } else {
      switch (a) {
        case DW_OP_const1u: case DW_OP_const1s: case DW_OP_const2u: case DW_OP_const2s:
        case DW_OP_const4u: case DW_OP_const4s: case DW_OP_const8u: case DW_OP_const8s:
        case DW_OP_constu: case DW_OP_consts:
          v = op.number;
          break;
        case DW_OP_bregx:
          if (!reg(op.number, v)) return std::nullopt;
          *v += op.number2;
          break;
        case DW_OP_regx:
          if (!reg(op.number, v)) return std::nullopt;
          break;
        case DW_OP_call_frame_cfa:
          if (!cfa) return std::nullopt;
          v = *cfa;
          break;
        case DW_OP_nop:
        case DW_OP_stack_value:  // the caller knows whether the result is a value
          continue;
        default:
          break;
      }
    }
    if (v) {
      if (!push(*v)) return std::nullopt;
      continue;
    }
    // Operators on the stack.
    if (a == DW_OP_plus_uconst || a == DW_OP_deref || a == DW_OP_dup || a == DW_OP_drop || a == DW_OP_neg ||
        a == DW_OP_not) {
      if (depth < 1) return std::nullopt;
      uint64_t& top = stack[depth - 1];
      switch (a) {
        case DW_OP_plus_uconst: top += op.number; break;
        case DW_OP_neg: top = -top; break;
        case DW_OP_not: top = ~top; break;
        case DW_OP_drop: --depth; break;
        case DW_OP_dup:
          if (!push(top)) return std::nullopt;
          break;
        case DW_OP_deref: {
          auto w = snap.word(top);
          if (!w) return std::nullopt;
          top = *w;
          break;
        }
      }
      continue;
    }
    if (depth < 2) return std::nullopt;
    uint64_t b = stack[depth - 1];
    uint64_t& x = stack[depth - 2];
    auto sx = static_cast<int64_t>(x), sb = static_cast<int64_t>(b);
    switch (a) {
      case DW_OP_swap: std::swap(x, stack[depth - 1]); continue;
      case DW_OP_over:
        if (!push(x)) return std::nullopt;
        continue;
      case DW_OP_plus: x += b; break;
      case DW_OP_minus: x -= b; break;
      case DW_OP_mul: x *= b; break;
      case DW_OP_and: x &= b; break;
      case DW_OP_or: x |= b; break;
      case DW_OP_xor: x ^= b; break;
      case DW_OP_shl: x = b < 64 ? x << b : 0; break;
      case DW_OP_shr: x = b < 64 ? x >> b : 0; break;
      case DW_OP_shra: x = static_cast<uint64_t>(b < 64 ? sx >> b : (sx < 0 ? -1 : 0)); break;
      case DW_OP_ge: x = sx >= sb; break;
      case DW_OP_gt: x = sx > sb; break;
      case DW_OP_le: x = sx <= sb; break;
      case DW_OP_lt: x = sx < sb; break;
      case DW_OP_eq: x = x == b; break;
      case DW_OP_ne: x = x != b; break;
      default: return std::nullopt;  // an operator CFI has no business using: stop
    }
    --depth;
  }
  if (depth == 0) return std::nullopt;
  return stack[depth - 1];
}

FrameRules::Expr FrameRules::add(std::span<const Dwarf_Op> ops) {
  Expr e{static_cast<uint16_t>(ops_.size()), static_cast<uint16_t>(ops.size())};
  ops_.insert(ops_.end(), ops.begin(), ops.end());
  return e;
}

std::optional<FrameRules> FrameRules::from(Dwarf_Frame* frame) {
  FrameRules r;
  Dwarf_Addr start = 0, end = 0;
  int ra = dwarf_frame_info(frame, &start, &end, &r.signal_frame_);
  if (ra < 0 || ra >= kRegCount) return std::nullopt;
  r.ra_reg_ = ra;
  Dwarf_Op* ops = nullptr;
  size_t nops = 0;
  if (dwarf_frame_cfa(frame, &ops, &nops) != 0 || nops == 0) return std::nullopt;
  r.cfa_ = r.add({ops, nops});
  for (int reg = 0; reg < kRegCount; ++reg) {
    Dwarf_Op mem[3];
    ops = nullptr;
    nops = 0;
    Kind& kind = r.kind_[static_cast<size_t>(reg)];
    if (dwarf_frame_register(frame, reg, mem, &ops, &nops) != 0) {
      kind = Kind::Undefined;
    } else if (nops == 0) {
      kind = ops == nullptr ? Kind::Same : Kind::Undefined;
    } else {
      std::span<const Dwarf_Op> rule(ops, nops);
      // "register(R)": the caller's value is in R, a value rather than a place in memory.
      bool in_register = nops == 1 && (ops[0].atom == DW_OP_regx || (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31));
      kind = in_register || ends_in_value(rule) ? Kind::Value : Kind::AtAddress;
      r.expr_[static_cast<size_t>(reg)] = r.add(rule);
    }
  }
  return r;
}

bool FrameRules::step(const Registers& callee, const StackSnapshot& snap, Registers& caller) const {
  auto cfa = eval_dwarf_expr({ops_.data() + cfa_.first, cfa_.count}, callee, std::nullopt, snap);
  if (!cfa) return false;
  caller = Registers{};
  for (int reg = 0; reg < kRegCount; ++reg) {
    auto i = static_cast<size_t>(reg);
    switch (kind_[i]) {
      case Kind::Undefined:
        break;
      case Kind::Same:
        if (callee.has(reg)) caller.set(reg, callee.value[i]);
        break;
      case Kind::AtAddress:
      case Kind::Value: {
        auto v = eval_dwarf_expr({ops_.data() + expr_[i].first, expr_[i].count}, callee, cfa, snap);
        if (v && kind_[i] == Kind::AtAddress) v = snap.word(*v);
        if (v) caller.set(reg, *v);
        break;
      }
    }
  }
  // On x86_64 the CFA is by definition the caller's stack pointer, whatever the rules say of rsp.
  caller.set(kRsp, *cfa);
  if (!caller.has(ra_reg_)) return false;  // undefined return address: the outermost frame
  caller.set(kRip, caller.value[static_cast<size_t>(ra_reg_)]);
  return true;
}

}  // namespace sysray::stacks
