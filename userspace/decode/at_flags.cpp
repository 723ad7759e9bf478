// The *at(2) family's flags and access(2)'s mode, of flags.h.
#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "decode/flags.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000  // linux/fcntl.h; glibc's fcntl.h may lack it
#endif

// AT_REMOVEDIR and AT_EACCESS share 0x200: strace names it by syscall, AT_EACCESS only for
// faccessat2 (its own table below).
constexpr XlatEntry kAtFlags[] = {
    SR_XLAT(AT_SYMLINK_NOFOLLOW), SR_XLAT(AT_REMOVEDIR), SR_XLAT(AT_SYMLINK_FOLLOW),
    SR_XLAT(AT_NO_AUTOMOUNT),     SR_XLAT(AT_EMPTY_PATH), SR_XLAT(AT_RECURSIVE),
};

constexpr XlatEntry kAccessAtFlags[] = {
    SR_XLAT(AT_SYMLINK_NOFOLLOW), SR_XLAT(AT_EACCESS), SR_XLAT(AT_EMPTY_PATH),
};

constexpr XlatEntry kAccessModes[] = {SR_XLAT(R_OK), SR_XLAT(W_OK), SR_XLAT(X_OK)};

}  // namespace

std::string format_at_flags(uint64_t flags) {
  return xlat_flags_or_zero(kAtFlags, flags, "AT_???");
}

// The sync type is a 2-bit value inside the flags (AT_STATX_SYNC_TYPE), which strace always
// names first, also when it is 0: "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW".
std::string format_statx_flags(uint64_t flags) {
  constexpr uint64_t kSyncType = 0x6000, kForceSync = 0x2000, kDontSync = 0x4000;
  uint64_t sync = flags & kSyncType;
  std::string out = sync == 0            ? "AT_STATX_SYNC_AS_STAT"
                    : sync == kForceSync ? "AT_STATX_FORCE_SYNC"
                    : sync == kDontSync  ? "AT_STATX_DONT_SYNC"
                                         : "0x6000 /* AT_STATX_??? */";
  if (uint64_t rest = flags & ~kSyncType) out += "|" + xlat_flags(kAtFlags, rest, "AT_???");
  return out;
}

std::string format_access_at_flags(uint64_t flags) {
  return xlat_flags_or_zero(kAccessAtFlags, flags, "AT_???");
}

// F_OK is 0: the mode without any of R_OK, W_OK, X_OK.
std::string format_access_mode(uint64_t mode) {
  if (mode == F_OK) return "F_OK";
  return xlat_flags(kAccessModes, mode, "?_OK");
}

}  // namespace sysray::decode
