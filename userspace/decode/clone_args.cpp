// clone(2) and clone3(2) as strace prints them on x86_64: named arguments, only those the
// flags make meaningful.
#include <linux/sched.h>

#include <cstring>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/flags.h"
#include "decode/kernel_structs.h"
#include "decode/special_syscalls.h"

namespace sysray::decode {
namespace {

using Kind = DecodedArg::Kind;

// x86_64's clone(2) register order (it differs by architecture): flags, stack, parent_tid,
// child_tid, tls.
enum CloneReg { kFlags = 0, kStack = 1, kParentTid = 2, kChildTid = 3, kTls = 4 };


#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

// The int the kernel stored behind a pointer (parent_tid): "[1234]" once the call succeeded,
// the pointer otherwise (failed, not returned yet, or unreadable).
void set_stored_int(DecodedArg& out, const SyscallEvent& ev, const Capture& c, uint64_t ptr) {
  int32_t v;
  if (ev.type == SR_REC_SYSCALL_ENTER || c.flags & SR_CAPF_FAULT || c.data.size() < sizeof(v))
    return set_pointer(out, ptr);
  std::memcpy(&v, c.data.data(), sizeof(v));
  set_int(out, v);
  out.text = fmt::format("[{}]", v);
}

DecodedArg& next(std::vector<DecodedArg>& out, size_t& n) {
  if (out.size() <= n) out.resize(n + 1);
  reset_arg(out[n]);
  return out[n++];
}

void pointer_field(std::vector<DecodedArg>& out, size_t& n, const char* name, uint64_t v) {
  DecodedArg& a = next(out, n);
  set_pointer(a, v);
  set_named(a, name);
}

// "0x7fff80" in text (strace's %#lx), a number in JSON.
void hex_number_field(std::vector<DecodedArg>& out, size_t& n, const char* name, uint64_t v) {
  DecodedArg& a = next(out, n);
  a.kind = Kind::Unsigned;
  a.value = static_cast<int64_t>(v);
  a.text = v ? fmt::format("{:#x}", v) : "0";
  set_named(a, name);
}

void signal_field(std::vector<DecodedArg>& out, size_t& n, const char* name, uint64_t sig) {
  DecodedArg& a = next(out, n);
  if (sig <= 64)
    set_signal(a, sig);
  else
    set_int(a, static_cast<int64_t>(sig));  // a u64 field: no int truncation here
  set_named(a, name);
}

// clone3's struct, "{flags=..., exit_signal=SIGCHLD, stack=NULL, stack_size=0}", its fields
// in `out.items`.
void render_clone_args(DecodedArg& out, const CloneArgs& ca, size_t size) {
  auto& f = out.items;
  size_t n = 0;
  DecodedArg& flags = next(f, n);
  set_symbol_or_zero(flags, ca.flags, format_clone_flags(ca.flags));
  set_named(flags, "flags");
  if (ca.flags & CLONE_PIDFD) pointer_field(f, n, "pidfd", ca.pidfd);
  if (ca.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
    pointer_field(f, n, "child_tid", ca.child_tid);
  if (ca.flags & CLONE_PARENT_SETTID) pointer_field(f, n, "parent_tid", ca.parent_tid);
  signal_field(f, n, "exit_signal", ca.exit_signal);
  pointer_field(f, n, "stack", ca.stack);
  hex_number_field(f, n, "stack_size", ca.stack_size);
  if (ca.flags & CLONE_SETTLS) pointer_field(f, n, "tls", ca.tls);
  if (size >= kCloneArgsVer1 && ca.set_tid_size) {
    pointer_field(f, n, "set_tid", ca.set_tid);
    hex_number_field(f, n, "set_tid_size", ca.set_tid_size);
  }
  if (size >= kCloneArgsVer2 && (ca.flags & CLONE_INTO_CGROUP)) {
    DecodedArg& a = next(f, n);
    set_int(a, static_cast<int64_t>(ca.cgroup));
    set_named(a, "cgroup");
  }
  f.resize(n);
  out.kind = Kind::Struct;
  finish_struct(out);
}

}  // namespace

// clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,
//       child_tidptr=0x7f...): parent_tid with CLONE_PARENT_SETTID or CLONE_PIDFD (the kernel
// stores the child's tid or the pidfd there: printed at exit), tls with CLONE_SETTLS,
// child_tidptr with CLONE_CHILD_SETTID or CLONE_CHILD_CLEARTID.
void decode_clone(const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  uint64_t flags = ev.args[kFlags];
  size_t n = 0;
  DecodedArg& stack = next(out, n);
  set_pointer(stack, ev.args[kStack]);
  set_named(stack, "child_stack");
  DecodedArg& f = next(out, n);
  set_symbol_or_zero(f, flags, format_clone_flags(flags));
  set_named(f, "flags");
  if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
    DecodedArg& a = next(out, n);
    set_stored_int(a, ev, ev.cap[0], ev.args[kParentTid]);
    set_named(a, "parent_tid");
    a.at_exit = true;
  }
  if (flags & CLONE_SETTLS) pointer_field(out, n, "tls", ev.args[kTls]);
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
    pointer_field(out, n, "child_tidptr", ev.args[kChildTid]);
  out.resize(n);
}

// clone3({flags=..., ...} => {parent_tid=[1235]}, 88): the struct read at enter; after "=>"
// what the kernel stored through parent_tid (sysray does not read pidfd back). strace prints
// the struct at entry and the rest at exit: split, "clone3({flags=...} <unfinished ...>" and
// "<... clone3 resumed> => {parent_tid=[1235]}, 88) = 1235".
void decode_clone3(const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  size_t n = 0;
  DecodedArg& args = next(out, n);
  const Capture& c = ev.cap[0];
  uint64_t size = ev.args[1];
  std::optional<int32_t> parent_tid;
  if (ev.args[0] == 0 || size < kCloneArgsVer0 || c.read != SR_READ_BYTES ||
      (c.flags & SR_CAPF_FAULT) || c.data.size() < kCloneArgsVer0) {
    set_pointer(args, ev.args[0]);
  } else {
    CloneArgs ca{};
    std::memcpy(&ca, c.data.data(), std::min(c.data.size(), sizeof(ca)));
    render_clone_args(args, ca, size);
    args.value = static_cast<int64_t>(ev.args[0]);
    const Capture& tid = ev.cap[1];
    int32_t v;
    if ((ca.flags & CLONE_PARENT_SETTID) && ev.type != SR_REC_SYSCALL_ENTER &&
        tid.read == SR_READ_BYTES && !(tid.flags & SR_CAPF_FAULT) &&
        tid.data.size() >= sizeof(v)) {
      std::memcpy(&v, tid.data.data(), sizeof(v));
      parent_tid = v;
    }
  }
  DecodedArg& stored = next(out, n);
  stored.joined = stored.at_exit = true;
  if (parent_tid) stored.text = fmt::format(" => {{parent_tid=[{}]}}", *parent_tid);
  DecodedArg& size_arg = next(out, n);
  set_unsigned(size_arg, size);
  size_arg.at_exit = true;
  out.resize(n);
}

}  // namespace sysray::decode
