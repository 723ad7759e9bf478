// open(2)-family arguments of flags.h: flags, dirfd, mode.
#include <fcntl.h>

#include <fmt/format.h>

#include "decode/flags.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

constexpr XlatEntry kAccessModes[] = {
    SR_XLAT(O_RDONLY), SR_XLAT(O_WRONLY), SR_XLAT(O_RDWR), SR_XLAT(O_ACCMODE)};

// Kernel (asm-generic) values: glibc defines O_LARGEFILE as 0 for 64-bit programs and has no
// names for the lone __O_SYNC / __O_TMPFILE bits. The order is strace's: the combined O_SYNC
// (__O_SYNC|O_DSYNC) and O_TMPFILE (__O_TMPFILE|O_DIRECTORY) come before their parts, O_DIRECTORY
// sits after O_PATH, and O_ASYNC prints as FASYNC, last.
constexpr XlatEntry kOpenFlags[] = {
    {0100, "O_CREAT"},        {0200, "O_EXCL"},         {0400, "O_NOCTTY"},
    {01000, "O_TRUNC"},       {02000, "O_APPEND"},      {04000, "O_NONBLOCK"},
    {04010000, "O_SYNC"},     {010000, "O_DSYNC"},      {04000000, "__O_SYNC"},
    {040000, "O_DIRECT"},     {0100000, "O_LARGEFILE"}, {0400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"},  {02000000, "O_CLOEXEC"},  {010000000, "O_PATH"},
    {020200000, "O_TMPFILE"}, {0200000, "O_DIRECTORY"}, {020000000, "__O_TMPFILE"},
    {020000, "FASYNC"},
};

}  // namespace

std::string format_open_flags(uint64_t flags) {
  std::string out = xlat_lookup(kAccessModes, flags & O_ACCMODE);
  append_flag(out, xlat_flags(kOpenFlags, flags & ~uint64_t{O_ACCMODE}, nullptr));
  return out;
}

// pipe2(2) and dup3(2) take open flags without an access mode (O_RDONLY is 0: not printed).
std::string format_fd_flags(uint64_t flags) {
  return xlat_flags_or_zero(kOpenFlags, flags, "O_???");
}

// dirfd is an int to the kernel: only the low 32 bits count.
std::string format_dirfd(int64_t fd) {
  int32_t dirfd = static_cast<int32_t>(fd);
  return dirfd == AT_FDCWD ? "AT_FDCWD" : std::to_string(dirfd);
}

// C's %#03o, as strace prints a numeric umode_t: 0644, 000, 001, 0170777.
std::string format_mode(uint64_t mode) { return fmt::format("{:#03o}", mode); }

}  // namespace sysray::decode
