#include "inflight/call_in_progress.h"

#include <sys/user.h>

#include <cstddef>
#include <cstring>

#include "inflight/enter_captures.h"

namespace sysray {

namespace {

constexpr size_t reg(size_t offset) { return offset / sizeof(uint64_t); }
constexpr size_t kOrigRax = reg(offsetof(user_regs_struct, orig_rax));
constexpr size_t kRsp = reg(offsetof(user_regs_struct, rsp));
constexpr size_t kArgRegs[6] = {
    reg(offsetof(user_regs_struct, rdi)), reg(offsetof(user_regs_struct, rsi)),
    reg(offsetof(user_regs_struct, rdx)), reg(offsetof(user_regs_struct, r10)),
    reg(offsetof(user_regs_struct, r8)),  reg(offsetof(user_regs_struct, r9))};
static_assert(kOrigRax < SR_STACK_REGS && kRsp < SR_STACK_REGS);

}  // namespace

uint64_t snapshot_sp(const sr_thread_snapshot& s) { return s.regs[kRsp]; }

std::optional<SyscallEvent> call_in_progress(const sr_thread_snapshot& s, const ProcessMemory& mem,
                                             const decode::ArgDecoder& decoder, uint32_t snaplen) {
  auto nr = static_cast<int64_t>(s.regs[kOrigRax]);
  if (s.on_cpu || s.exit_state || nr < 0 || nr >= SR_MAX_SYSCALLS) return std::nullopt;
  SyscallEvent ev;
  ev.type = SR_REC_SYSCALL_ENTER;
  ev.nr = static_cast<uint32_t>(nr);
  ev.pid = s.pid;
  ev.tid = s.tid;
  ev.comm.assign(s.comm, strnlen(s.comm, sizeof(s.comm)));
  for (int i = 0; i < 6; ++i) ev.args[i] = s.regs[kArgRegs[i]];
  capture_at_enter(mem, decoder.semantics(ev.nr).captures, s.regs[kRsp], snaplen, ev);
  return ev;
}

}  // namespace sysray
