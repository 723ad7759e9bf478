#include "decode/special_syscalls.h"

#include "decode/capture_recipe.h"
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
      c.cap[0] = Read::bytes().at(2).size(sizeof(int)).at_exit(SR_IF_OK).spec;
      break;
    case Special::Clone3:
      // struct clone_args (at most CLONE_ARGS_SIZE_VER2; `size` says how much of it the
      // caller has), then *parent_tid, a pointer stored in one of its fields.
      c.cap[0] = Read::bytes().at(0).length_arg(1).max(kCloneArgsVer2).spec;
      c.cap[1] = Read::bytes()
                     .through_field(0, kCloneArgsParentTidOffset)
                     .size(sizeof(int))
                     .at_exit(SR_IF_OK)
                     .spec;
      break;
    case Special::Setsockopt:
      c.cap[0] = Read::bytes().at(3).length_arg(4).spec;  // optval, optlen bytes (up to -s)
      break;
    case Special::Getsockopt:
      c.cap[0] = Read::bytes().at(4).size(sizeof(int)).spec;  // *optlen going in
      // optval, *optlen bytes coming back (up to -s)
      c.cap[1] = Read::bytes().at(3).length_field(4).at_exit(SR_IF_OK).spec;
      break;
    case Special::Futex:
      // The waits' timeout (utime). For the requeues and FUTEX_WAKE_OP the same register is a
      // count: read as an address it faults, and the decoder does not use it.
      c.cap[0] = Read::bytes().at(3).size(kKernelTimespecSize).spec;
      break;
    case Special::RtSigreturn:
      // The mask the handler's return restores, in the signal frame (kernel_structs.h).
      c.cap[0] = Read::bytes().on_stack(kUcSigmaskOffset).size(kKernelSigsetSize).spec;
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
