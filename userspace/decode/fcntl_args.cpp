// fcntl(2) as strace prints it: the third argument only for the commands that read it, and
// then as what the command makes of it ("F_SETFD, FD_CLOEXEC", "F_SETFL, O_RDONLY|O_NONBLOCK").
#include <fcntl.h>

#include "decode/arg_render.h"
#include "decode/fcntl_names.h"
#include "decode/flags.h"
#include "decode/special_syscalls.h"

namespace sysray::decode {
namespace {

enum class Third { None, Int, Hex, Pointer, FdFlags, OpenFlags, Signal, Lease, Seals, Notify };

Third third_of(uint32_t cmd) {
  constexpr uint32_t kGetOwnerUids = 17, kGetRwHint = 1035, kSetFileRwHint = 1038;
  switch (cmd) {
    case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG: case F_GETLEASE:
    case F_GETPIPE_SZ: case F_GET_SEALS:
      return Third::None;
    case F_DUPFD: case F_SETOWN: case F_DUPFD_CLOEXEC: case F_SETPIPE_SZ: return Third::Int;
    case F_SETFD: return Third::FdFlags;
    case F_SETFL: return Third::OpenFlags;
    case F_SETSIG: return Third::Signal;
    case F_SETLEASE: return Third::Lease;
    case F_ADD_SEALS: return Third::Seals;
    case F_NOTIFY: return Third::Notify;
    case F_GETLK: case F_SETLK: case F_SETLKW: case F_SETOWN_EX: case F_GETOWN_EX:
    case kGetOwnerUids: case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
      return Third::Pointer;  // struct flock, struct f_owner_ex, a uid pair
    default:
      if (cmd >= kGetRwHint && cmd <= kSetFileRwHint) return Third::Pointer;  // u64 *
      return Third::Hex;  // unknown: strace's %#lx
  }
}

DecodedArg& arg(std::vector<DecodedArg>& out, size_t i) {
  reset_arg(out[i]);
  return out[i];
}

}  // namespace

void decode_fcntl(const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  uint32_t cmd = static_cast<uint32_t>(ev.args[1]);
  uint64_t v = ev.args[2];
  Third third = third_of(cmd);
  out.resize(third == Third::None ? 2 : 3);
  set_int(arg(out, 0), static_cast<int32_t>(ev.args[0]));
  set_symbol(arg(out, 1), cmd, format_fcntl_cmd(cmd));
  if (third == Third::None) return;
  DecodedArg& a = arg(out, 2);
  switch (third) {
    case Third::Int: return set_int(a, static_cast<int32_t>(v));
    case Third::Pointer: return set_pointer(a, v);
    case Third::FdFlags: return set_symbol_or_zero(a, v, format_fd_cloexec(v));
    case Third::OpenFlags: return set_symbol(a, v, format_open_flags(static_cast<uint32_t>(v)));
    case Third::Signal: return set_signal(a, v);
    case Third::Lease: return set_symbol(a, v, format_lease(static_cast<uint32_t>(v)));
    case Third::Seals: return set_symbol_or_zero(a, v, format_seals(static_cast<uint32_t>(v)));
    case Third::Notify: return set_symbol_or_zero(a, v, format_dnotify(static_cast<uint32_t>(v)));
    case Third::Hex:
    case Third::None: return set_hex(a, v);
  }
}

}  // namespace sysray::decode
