// Signal arguments as strace prints them: a signal number ("SIGTERM"), rt_sigprocmask's how,
// the kernel's 64-bit signal sets ("[INT TERM]", "~[RTMIN RT_1]") and rt_sigaction's struct.
#include <signal.h>

#include <bit>
#include <string>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/flags.h"
#include "decode/kernel_structs.h"
#include "decode/signal_names.h"
#include "decode/special_syscalls.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

using Kind = DecodedArg::Kind;

constexpr XlatEntry kHow[] = {SR_XLAT(SIG_BLOCK), SR_XLAT(SIG_UNBLOCK), SR_XLAT(SIG_SETMASK)};

// Kernel values (glibc hides SA_RESTORER); strace's order.
constexpr XlatEntry kSaFlags[] = {
    {0x04000000, "SA_RESTORER"}, SR_XLAT(SA_ONSTACK),   SR_XLAT(SA_RESTART),
    SR_XLAT(SA_NODEFER),         SR_XLAT(SA_RESETHAND), SR_XLAT(SA_SIGINFO),
    SR_XLAT(SA_NOCLDSTOP),       SR_XLAT(SA_NOCLDWAIT), {0x400, "SA_UNSUPPORTED"},
    {0x800, "SA_EXPOSE_TAGBITS"},
};
constexpr uint64_t kSaRestorer = 0x04000000;

constexpr XlatEntry kHandlers[] = {{0, "SIG_DFL"}, {1, "SIG_IGN"}, {~0ull, "SIG_ERR"}};

constexpr int kSignals = 8 * kKernelSigsetSize;

// A set with more than half the signals prints as its complement, "~[...]" (strace's rule).
void set_sigset(DecodedArg& out, uint64_t mask) {
  out.kind = Kind::Array;
  bool invert = std::popcount(mask) > kSignals / 2;
  out.text = invert ? "~[" : "[";
  bool first = true;
  for (int sig = 1; sig <= kSignals; ++sig) {
    bool member = (mask >> (sig - 1)) & 1;
    std::string name = signal_name(sig);
    if (member) set_symbol(out.items.emplace_back(), sig, name);
    if (member == invert) continue;
    if (!first) out.text += ' ';
    out.text.append(name, 3);  // without "SIG"
    first = false;
  }
  out.text += ']';
}

}  // namespace

std::string format_sigprocmask_how(uint64_t how) {
  return xlat_value(kHow, static_cast<uint32_t>(how), "SIG_???");
}

// The signal is an int to the kernel; 0 (a liveness probe) and non-signals print as numbers.
void set_signal(DecodedArg& out, uint64_t raw) {
  int sig = static_cast<int32_t>(raw);
  std::string name = sig > 0 ? signal_name(sig) : "";
  if (name.empty()) return set_int(out, sig);
  set_symbol(out, raw, std::move(name));
}

void render_sigset(const Capture& c, uint64_t raw, DecodedArg& out) {
  uint64_t mask;
  if (!read_object(c, mask)) return set_pointer(out, raw);
  set_sigset(out, mask);
}

// {sa_handler=SIG_IGN, sa_mask=[TERM], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f...}:
// sa_restorer only with SA_RESTORER. JSON: an object with the same fields.
void render_sigaction(const Capture& c, uint64_t raw, DecodedArg& out) {
  KernelSigaction sa;
  if (!read_object(c, sa)) return set_pointer(out, raw);
  out.kind = Kind::Struct;
  DecodedArg& handler = out.items.emplace_back();
  if (const char* name = xlat_lookup(kHandlers, sa.handler))
    set_symbol(handler, sa.handler, name);
  else
    set_pointer(handler, sa.handler);
  set_named(handler, "sa_handler");
  DecodedArg& mask = out.items.emplace_back();
  set_sigset(mask, sa.mask);
  set_named(mask, "sa_mask");
  DecodedArg& flags = out.items.emplace_back();
  set_symbol_or_zero(flags, sa.flags, xlat_flags_or_zero(kSaFlags, sa.flags, "SA_???"));
  set_named(flags, "sa_flags");
  if (sa.flags & kSaRestorer) {
    DecodedArg& restorer = out.items.emplace_back();
    set_pointer(restorer, sa.restorer);
    set_named(restorer, "sa_restorer");
  }
  finish_struct(out);
}

void decode_rt_sigreturn(const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  uint64_t mask;
  if (ev.cap[0].read != SR_READ_BYTES || !read_object(ev.cap[0], mask)) {
    out.clear();
    return;
  }
  out.resize(1);
  DecodedArg& frame = out[0];
  reset_arg(frame);
  frame.kind = Kind::Struct;
  DecodedArg& field = frame.items.emplace_back();
  set_sigset(field, mask);
  set_named(field, "mask");
  finish_struct(frame);
}

}  // namespace sysray::decode
