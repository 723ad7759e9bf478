// Flags of the calls that create special descriptors, of flags.h: eventfd2, epoll_create1; and
// of the calls that move data between them: splice, tee, vmsplice. (pipe2's and dup3's are open
// flags: open_flags.cpp.)
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <string>

#include "decode/flags.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

// strace's order.
constexpr XlatEntry kEventfdFlags[] = {
    SR_XLAT(EFD_SEMAPHORE), SR_XLAT(EFD_CLOEXEC), SR_XLAT(EFD_NONBLOCK)};
constexpr XlatEntry kEpollFlags[] = {SR_XLAT(EPOLL_CLOEXEC)};
constexpr XlatEntry kSpliceFlags[] = {SR_XLAT(SPLICE_F_MOVE), SR_XLAT(SPLICE_F_NONBLOCK),
                                      SR_XLAT(SPLICE_F_MORE), SR_XLAT(SPLICE_F_GIFT)};

}  // namespace

std::string format_eventfd_flags(uint64_t flags) {
  return xlat_flags_or_zero(kEventfdFlags, flags, "EFD_???");
}

std::string format_epoll_flags(uint64_t flags) {
  return xlat_flags_or_zero(kEpollFlags, flags, "EPOLL_???");
}

std::string format_splice_flags(uint64_t flags) {
  return xlat_flags_or_zero(kSpliceFlags, flags, "SPLICE_F_???");
}

}  // namespace sysray::decode
