#include "decode/special_syscalls.h"

#include "decode/kernel_structs.h"

namespace sysray::decode {

Special special_of(std::string_view name) {
  if (name == "clone") return Special::Clone;
  if (name == "clone3") return Special::Clone3;
  if (name == "setsockopt") return Special::Setsockopt;
  if (name == "getsockopt") return Special::Getsockopt;
  if (name == "fcntl") return Special::Fcntl;
  if (name == "futex") return Special::Futex;
  if (name == "ioctl") return Special::Ioctl;
  if (name == "rt_sigreturn") return Special::RtSigreturn;
  return Special::None;
}

sr_syscall_captures special_captures(Special special) {
  sr_syscall_captures c{};
  switch (special) {
    case Special::Clone:
      // What the kernel stored through parent_tid (CLONE_PARENT_SETTID, CLONE_PIDFD).
      c.cap[0] = {SR_CAP_OBJ_OUT, 2, SR_NO_ARG, sizeof(int)};
      break;
    case Special::Clone3:
      // struct clone_args (at most CLONE_ARGS_SIZE_VER2; `size` says how much of it the
      // caller has), then *parent_tid, a pointer stored in one of its fields.
      c.cap[0] = {SR_CAP_OBJ_IN, 0, 1, kCloneArgsVer2};
      c.cap[1] = {SR_CAP_OBJ_OUT_FIELD, 0, kCloneArgsParentTidField, sizeof(int)};
      break;
    case Special::Setsockopt:
      c.cap[0] = {SR_CAP_BUF_IN, 3, 4, 0};  // optval, optlen bytes (up to -s)
      break;
    case Special::Getsockopt:
      c.cap[0] = {SR_CAP_OBJ_IN, 4, SR_NO_ARG, sizeof(int)};  // *optlen going in
      c.cap[1] = {SR_CAP_BUF_OUT_LENP, 3, 4, 0};             // optval, *optlen coming back
      break;
    case Special::Futex:
      // The waits' timeout (utime). For the requeues and FUTEX_WAKE_OP the same register is a
      // count: read as an address it faults, and the decoder does not use it.
      c.cap[0] = {SR_CAP_OBJ_IN, 3, SR_NO_ARG, kKernelTimespecSize};
      break;
    case Special::RtSigreturn:
      // The mask the handler's return restores, in the signal frame (kernel_structs.h).
      c.cap[0] = {SR_CAP_STACK_OBJ_IN, 0, kUcSigmaskOffset / 8, kKernelSigsetSize};
      break;
    case Special::Fcntl:
    case Special::Ioctl:
    case Special::None: break;
  }
  return c;
}

void decode_special(Special special, const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  switch (special) {
    case Special::Clone: return decode_clone(ev, out);
    case Special::Clone3: return decode_clone3(ev, out);
    case Special::Setsockopt: return decode_setsockopt(ev, out);
    case Special::Getsockopt: return decode_getsockopt(ev, out);
    case Special::Fcntl: return decode_fcntl(ev, out);
    case Special::Futex: return decode_futex(ev, out);
    case Special::Ioctl: return decode_ioctl(ev, out);
    case Special::RtSigreturn: return decode_rt_sigreturn(ev, out);
    case Special::None: return;
  }
}

}  // namespace sysray::decode
