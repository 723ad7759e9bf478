#include "decode/return_values.h"

#include <fcntl.h>
#include <sys/syscall.h>

#include "decode/fcntl_names.h"
#include "decode/flags.h"
#include "decode/xlat.h"

namespace sysray::decode {

namespace {

// strace's "%#llx (%s)": the number in hex, then what it means.
std::string hex_with_meaning(int64_t ret, const std::string& meaning) {
  return c_hex(static_cast<uint64_t>(ret)) + " (" + meaning + ")";
}

std::optional<std::string> fcntl_return(uint64_t cmd, int64_t ret) {
  switch (cmd) {
    case F_GETFL:  // strace prints the access mode even when it is 0: "0 (flags O_RDONLY)"
      return hex_with_meaning(ret, "flags " + format_open_flags(static_cast<uint64_t>(ret)));
    case F_GETFD:  // and 0 alone here
      if (ret == 0) return std::nullopt;
      return hex_with_meaning(ret, "flags " + format_fd_cloexec(static_cast<uint64_t>(ret)));
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> format_return_value(const SyscallEvent& ev) {
  switch (ev.nr) {
    case SYS_mmap:
    case SYS_mremap:
    case SYS_brk:
    case SYS_shmat:
      return c_hex(static_cast<uint64_t>(ev.ret));  // an address; 0 prints as "0" either way
    case SYS_umask:
      return format_mode(static_cast<uint64_t>(ev.ret));
    case SYS_fcntl:
      return fcntl_return(ev.args[1], ev.ret);
    default:
      return std::nullopt;
  }
}

}  // namespace sysray::decode
