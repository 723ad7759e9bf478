// futex(2) as strace prints it: the operation's name ("FUTEX_WAIT_BITSET_PRIVATE|
// FUTEX_CLOCK_REALTIME") and only the arguments that operation reads, each as it reads them
// (the fourth is a timeout for the waits, a count for the requeues).
#include <linux/futex.h>

#include <string>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/special_syscalls.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13  // Linux 5.14
#endif

constexpr XlatEntry kCmds[] = {
    SR_XLAT(FUTEX_WAIT),        SR_XLAT(FUTEX_WAKE),           SR_XLAT(FUTEX_FD),
    SR_XLAT(FUTEX_REQUEUE),     SR_XLAT(FUTEX_CMP_REQUEUE),    SR_XLAT(FUTEX_WAKE_OP),
    SR_XLAT(FUTEX_LOCK_PI),     SR_XLAT(FUTEX_UNLOCK_PI),      SR_XLAT(FUTEX_TRYLOCK_PI),
    SR_XLAT(FUTEX_WAIT_BITSET), SR_XLAT(FUTEX_WAKE_BITSET),    SR_XLAT(FUTEX_WAIT_REQUEUE_PI),
    SR_XLAT(FUTEX_CMP_REQUEUE_PI), SR_XLAT(FUTEX_LOCK_PI2),
};

// FUTEX_WAKE_OP's encoded operation (val3), as strace spells it.
constexpr XlatEntry kWakeOps[] = {SR_XLAT(FUTEX_OP_SET), SR_XLAT(FUTEX_OP_ADD),
                                  SR_XLAT(FUTEX_OP_OR), SR_XLAT(FUTEX_OP_ANDN),
                                  SR_XLAT(FUTEX_OP_XOR)};
constexpr XlatEntry kWakeCmps[] = {SR_XLAT(FUTEX_OP_CMP_EQ), SR_XLAT(FUTEX_OP_CMP_NE),
                                   SR_XLAT(FUTEX_OP_CMP_LT), SR_XLAT(FUTEX_OP_CMP_LE),
                                   SR_XLAT(FUTEX_OP_CMP_GT), SR_XLAT(FUTEX_OP_CMP_GE)};

// What follows uaddr and op; U32 = val, Timeout = utime, the timespec it points to (captured
// at enter), Val2 = utime as a number, Addr2 = uaddr2, Bitset / WakeOp / Val3 = val3.
enum Piece : uint8_t { End, U32, Timeout, Val2, Addr2, Bitset, WakeOp, Val3 };

const Piece* pieces(uint32_t cmd) {
  static constexpr Piece kWait[] = {U32, Timeout, End};
  static constexpr Piece kWake[] = {U32, End};
  static constexpr Piece kRequeue[] = {U32, Val2, Addr2, End};
  static constexpr Piece kCmpRequeue[] = {U32, Val2, Addr2, Val3, End};
  static constexpr Piece kWakeOp[] = {U32, Val2, Addr2, WakeOp, End};
  static constexpr Piece kLockPi[] = {Timeout, End};
  static constexpr Piece kNone[] = {End};
  static constexpr Piece kWaitBitset[] = {U32, Timeout, Bitset, End};
  static constexpr Piece kWakeBitset[] = {U32, Bitset, End};
  static constexpr Piece kWaitRequeuePi[] = {U32, Timeout, Addr2, End};
  static constexpr Piece kUnknown[] = {U32, Timeout, Addr2, Val3, End};
  switch (cmd) {
    case FUTEX_WAIT: return kWait;
    case FUTEX_WAKE:
    case FUTEX_FD: return kWake;
    case FUTEX_REQUEUE: return kRequeue;
    case FUTEX_CMP_REQUEUE:
    case FUTEX_CMP_REQUEUE_PI: return kCmpRequeue;
    case FUTEX_WAKE_OP: return kWakeOp;
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2: return kLockPi;
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI: return kNone;
    case FUTEX_WAIT_BITSET: return kWaitBitset;
    case FUTEX_WAKE_BITSET: return kWakeBitset;
    case FUTEX_WAIT_REQUEUE_PI: return kWaitRequeuePi;
    default: return kUnknown;
  }
}

// "FUTEX_WAIT_PRIVATE", "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME"; an unknown command prints
// the whole op in hex with strace's comment.
std::string op_text(uint32_t op) {
  uint32_t cmd = op & FUTEX_CMD_MASK;
  const char* name = xlat_lookup(kCmds, cmd);
  if (!name) return xlat_value({}, op, "FUTEX_???");
  std::string out = name;
  if (op & FUTEX_PRIVATE_FLAG) out += "_PRIVATE";
  if (op & FUTEX_CLOCK_REALTIME) out += "|FUTEX_CLOCK_REALTIME";
  return out;
}

// FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_EQ<<24|0
std::string wake_op_text(uint32_t v) {
  uint32_t op = (v >> 28) & 0xf, cmp = (v >> 24) & 0xf;
  std::string out;
  if (op & FUTEX_OP_OPARG_SHIFT) out = "FUTEX_OP_OPARG_SHIFT<<28|";
  out += xlat_value(kWakeOps, op & ~uint32_t{FUTEX_OP_OPARG_SHIFT}, "FUTEX_OP_???");
  out += "<<28|" + c_hex((v >> 12) & 0xfff) + "<<12|";
  out += xlat_value(kWakeCmps, cmp, "FUTEX_OP_CMP_???");
  out += "<<24|" + c_hex(v & 0xfff);
  return out;
}

}  // namespace

void decode_futex(const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  uint32_t op = static_cast<uint32_t>(ev.args[1]);
  uint32_t val3 = static_cast<uint32_t>(ev.args[5]);
  const Piece* p = pieces(xlat_lookup(kCmds, op & FUTEX_CMD_MASK) ? op & FUTEX_CMD_MASK : ~0u);
  size_t n = 2;
  while (p[n - 2] != End) ++n;
  out.resize(n);
  for (auto& a : out) reset_arg(a);
  set_pointer(out[0], ev.args[0]);
  set_symbol(out[1], op, op_text(op));
  for (size_t i = 2; i < n; ++i) {
    DecodedArg& a = out[i];
    switch (p[i - 2]) {
      case U32: set_unsigned(a, static_cast<uint32_t>(ev.args[2])); break;
      case Timeout:
        if (ev.cap[0].read == SR_READ_BYTES)
          render_timespec(ev.cap[0], ev.args[3], a);  // the pointer when unreadable
        else
          set_pointer(a, ev.args[3]);  // NULL: no timeout
        break;
      case Val2: set_unsigned(a, static_cast<uint32_t>(ev.args[3])); break;
      case Addr2: set_pointer(a, ev.args[4]); break;
      case Val3: set_unsigned(a, val3); break;
      case Bitset:
        if (val3 == FUTEX_BITSET_MATCH_ANY)
          set_symbol(a, val3, "FUTEX_BITSET_MATCH_ANY");
        else
          set_hex(a, val3);
        break;
      case WakeOp: set_symbol(a, val3, wake_op_text(val3)); break;
      case End: break;
    }
  }
}

}  // namespace sysray::decode
