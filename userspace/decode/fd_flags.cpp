// Flags of the calls that create special descriptors, of flags.h: eventfd2, epoll_create1.
// (pipe2's and dup3's are open flags: open_flags.cpp.)
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

}  // namespace

std::string format_eventfd_flags(uint64_t flags) {
  return xlat_flags_or_zero(kEventfdFlags, flags, "EFD_???");
}

std::string format_epoll_flags(uint64_t flags) {
  return xlat_flags_or_zero(kEpollFlags, flags, "EPOLL_???");
}

}  // namespace sysray::decode
