// A signal's siginfo as strace prints it, e.g. for a delivered signal
//   {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1124, si_uid=0, si_status=3, si_utime=0,
//    si_stime=0}
// The fields shown depend on who sent the signal (si_code <= 0: a process, with its pid and
// uid) and, for the kernel's own signals, on the signal (strace's print_si_info()).
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/errno_names.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

using Kind = DecodedArg::Kind;

// struct kernel_siginfo on x86_64: three ints, padding, then the 32-byte union whose layout
// depends on the signal and si_code.
struct KernelSiginfo {
  int32_t signo;
  int32_t errno_;
  int32_t code;
  int32_t pad;
  union {
    struct { int32_t pid; uint32_t uid; uint64_t value; } source;  // kill, tkill, sigqueue
    struct { int32_t tid; int32_t overrun; uint64_t value; } timer;
    struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad; int64_t utime, stime; } child;
    struct { uint64_t addr; } fault;
    struct { int64_t band; int32_t fd; } poll;
    struct { uint64_t call_addr; int32_t syscall; uint32_t arch; } sys;
  } u;
};
static_assert(sizeof(KernelSiginfo) == SR_KERNEL_SIGINFO_SIZE);

// si_code values any signal may carry (<= 0: sent by a process; SI_KERNEL: by the kernel).
constexpr XlatEntry kGenericCodes[] = {
    SR_XLAT(SI_USER),  SR_XLAT(SI_KERNEL), SR_XLAT(SI_QUEUE),   SR_XLAT(SI_TIMER),
    SR_XLAT(SI_MESGQ), SR_XLAT(SI_ASYNCIO), SR_XLAT(SI_SIGIO),  SR_XLAT(SI_TKILL),
    SR_XLAT(SI_DETHREAD), SR_XLAT(SI_ASYNCNL),
};
constexpr XlatEntry kChildCodes[] = {
    SR_XLAT(CLD_EXITED), SR_XLAT(CLD_KILLED),  SR_XLAT(CLD_DUMPED),
    SR_XLAT(CLD_TRAPPED), SR_XLAT(CLD_STOPPED), SR_XLAT(CLD_CONTINUED),
};
constexpr XlatEntry kSegvCodes[] = {
    SR_XLAT(SEGV_MAPERR), SR_XLAT(SEGV_ACCERR), SR_XLAT(SEGV_BNDERR), SR_XLAT(SEGV_PKUERR),
    {5, "SEGV_ACCADI"},   {6, "SEGV_ADIDERR"},  {7, "SEGV_ADIPERR"},  {8, "SEGV_MTEAERR"},
    {9, "SEGV_MTESERR"},  {10, "SEGV_CPERR"},
};
constexpr XlatEntry kBusCodes[] = {
    SR_XLAT(BUS_ADRALN), SR_XLAT(BUS_ADRERR), SR_XLAT(BUS_OBJERR), SR_XLAT(BUS_MCEERR_AR),
    SR_XLAT(BUS_MCEERR_AO),
};
constexpr XlatEntry kIllCodes[] = {
    SR_XLAT(ILL_ILLOPC), SR_XLAT(ILL_ILLOPN), SR_XLAT(ILL_ILLADR), SR_XLAT(ILL_ILLTRP),
    SR_XLAT(ILL_PRVOPC), SR_XLAT(ILL_PRVREG), SR_XLAT(ILL_COPROC), SR_XLAT(ILL_BADSTK),
};
constexpr XlatEntry kFpeCodes[] = {
    SR_XLAT(FPE_INTDIV), SR_XLAT(FPE_INTOVF), SR_XLAT(FPE_FLTDIV), SR_XLAT(FPE_FLTOVF),
    SR_XLAT(FPE_FLTUND), SR_XLAT(FPE_FLTRES), SR_XLAT(FPE_FLTINV), SR_XLAT(FPE_FLTSUB),
};
constexpr XlatEntry kTrapCodes[] = {
    SR_XLAT(TRAP_BRKPT), SR_XLAT(TRAP_TRACE), SR_XLAT(TRAP_BRANCH), SR_XLAT(TRAP_HWBKPT),
};
constexpr XlatEntry kPollCodes[] = {
    SR_XLAT(POLL_IN), SR_XLAT(POLL_OUT), SR_XLAT(POLL_MSG),
    SR_XLAT(POLL_ERR), SR_XLAT(POLL_PRI), SR_XLAT(POLL_HUP),
};
constexpr XlatEntry kSysCodes[] = {{1, "SYS_SECCOMP"}, {2, "SYS_USER_DISPATCH"}};

std::span<const XlatEntry> codes_of(int signo) {
  switch (signo) {
    case SIGCHLD: return kChildCodes;
    case SIGSEGV: return kSegvCodes;
    case SIGBUS: return kBusCodes;
    case SIGILL: return kIllCodes;
    case SIGFPE: return kFpeCodes;
    case SIGTRAP: return kTrapCodes;
    case SIGPOLL: return kPollCodes;
    case SIGSYS: return kSysCodes;
    default: return {};
  }
}

// A named field with a number (JSON: the number).
void add_int(DecodedArg& out, const char* name, int64_t v) {
  DecodedArg& f = out.items.emplace_back();
  set_int(f, v);
  set_named(f, name);
}
void add_unsigned(DecodedArg& out, const char* name, uint64_t v) {
  DecodedArg& f = out.items.emplace_back();
  set_unsigned(f, v);
  set_named(f, name);
}

void add_pointer(DecodedArg& out, const char* name, uint64_t v) {
  DecodedArg& f = out.items.emplace_back();
  set_pointer(f, v);
  set_named(f, name);
}

void add_code(DecodedArg& out, const KernelSiginfo& si) {
  DecodedArg& f = out.items.emplace_back();
  auto code = static_cast<uint64_t>(static_cast<int64_t>(si.code));  // as SR_XLAT stores them
  const char* name = xlat_lookup(kGenericCodes, code);
  if (!name && si.code > 0) name = xlat_lookup(codes_of(si.signo), code);
  if (name)
    set_symbol(f, code, name);
  else
    set_int(f, si.code);  // strace prints an unknown code as a number
  set_named(f, "si_code");
}

void add_source(DecodedArg& out, const KernelSiginfo& si) {
  add_int(out, "si_pid", si.u.source.pid);
  add_unsigned(out, "si_uid", si.u.source.uid);
}

// sigqueue's value: strace shows both union members.
// CPU time in clock ticks, with strace's comment in seconds when not 0: "si_utime=3 /* 0.03 s */".
void add_clock_ticks(DecodedArg& out, const char* name, int64_t ticks) {
  add_int(out, name, ticks);
  static const long hz = sysconf(_SC_CLK_TCK);
  if (ticks <= 0 || hz <= 0) return;
  int width = static_cast<int>(std::to_string(hz - 1).size());
  out.items.back().text += fmt::format(" /* {}.{:0{}} s */", ticks / hz, ticks % hz, width);
}

void add_value(DecodedArg& out, uint64_t value) {
  add_int(out, "si_int", static_cast<int32_t>(value));
  add_pointer(out, "si_ptr", value);
}

void add_child_fields(DecodedArg& out, const KernelSiginfo& si) {
  add_source(out, si);
  DecodedArg& status = out.items.emplace_back();
  if (si.code == CLD_EXITED)
    set_int(status, si.u.child.status);
  else
    set_signal(status, static_cast<uint32_t>(si.u.child.status));
  set_named(status, "si_status");
  add_clock_ticks(out, "si_utime", si.u.child.utime);
  add_clock_ticks(out, "si_stime", si.u.child.stime);
}

// The fields after si_signo, si_code (and si_errno), by sender and signal.
void add_details(DecodedArg& out, const KernelSiginfo& si) {
  if (si.code <= 0) {  // sent by a process (SI_FROMUSER)
    if (si.code == SI_TIMER) {
      DecodedArg& id = out.items.emplace_back();
      set_symbol(id, static_cast<uint32_t>(si.u.timer.tid), c_hex(static_cast<uint32_t>(si.u.timer.tid)));
      set_named(id, "si_timerid");
      add_int(out, "si_overrun", si.u.timer.overrun);
      return add_value(out, si.u.timer.value);
    }
    add_source(out, si);
    if (si.code != SI_USER && si.code != SI_TKILL && si.u.source.value) add_value(out, si.u.source.value);
    return;
  }
  switch (si.signo) {
    case SIGCHLD: return add_child_fields(out, si);
    case SIGILL:
    case SIGFPE:
    case SIGSEGV:
    case SIGBUS: return add_pointer(out, "si_addr", si.u.fault.addr);
    case SIGPOLL:
      if (si.code == POLL_IN || si.code == POLL_OUT || si.code == POLL_MSG)
        add_int(out, "si_band", si.u.poll.band);
      return;
    case SIGSYS:
      add_pointer(out, "si_call_addr", si.u.sys.call_addr);
      add_int(out, "si_syscall", si.u.sys.syscall);
      add_unsigned(out, "si_arch", si.u.sys.arch);
      return;
    default:
      if (si.u.source.pid || si.u.source.uid) add_source(out, si);
      if (si.u.source.value) add_value(out, si.u.source.value);
  }
}

}  // namespace

void render_siginfo(const Capture& c, uint64_t raw, DecodedArg& out) {
  KernelSiginfo si;
  if (!read_object(c, si)) return set_pointer(out, raw);
  out.kind = Kind::Struct;
  DecodedArg& signo = out.items.emplace_back();
  set_signal(signo, static_cast<uint32_t>(si.signo));
  set_named(signo, "si_signo");
  add_code(out, si);
  if (si.errno_) {
    DecodedArg& err = out.items.emplace_back();
    std::string_view name = errno_name(si.errno_);
    if (name.empty())
      set_int(err, si.errno_);
    else
      set_symbol(err, static_cast<uint32_t>(si.errno_), std::string(name));
    set_named(err, "si_errno");
  }
  add_details(out, si);
  finish_struct(out);
}

}  // namespace sysray::decode
