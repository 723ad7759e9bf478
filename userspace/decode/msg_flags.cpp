#include "decode/msg_flags.h"

#include <sys/socket.h>

#include "decode/xlat.h"

namespace sysray::decode {

namespace {

constexpr XlatEntry kMsgFlags[] = {
    SR_XLAT(MSG_OOB),        SR_XLAT(MSG_PEEK),     SR_XLAT(MSG_DONTROUTE), SR_XLAT(MSG_CTRUNC),
    SR_XLAT(MSG_PROXY),      SR_XLAT(MSG_TRUNC),    SR_XLAT(MSG_DONTWAIT),  SR_XLAT(MSG_EOR),
    SR_XLAT(MSG_WAITALL),    SR_XLAT(MSG_FIN),      SR_XLAT(MSG_SYN),       SR_XLAT(MSG_CONFIRM),
    SR_XLAT(MSG_RST),        SR_XLAT(MSG_ERRQUEUE), SR_XLAT(MSG_NOSIGNAL),  SR_XLAT(MSG_MORE),
    SR_XLAT(MSG_WAITFORONE), SR_XLAT(MSG_BATCH),    SR_XLAT(MSG_ZEROCOPY),  SR_XLAT(MSG_FASTOPEN),
    SR_XLAT(MSG_CMSG_CLOEXEC),
};
constexpr XlatEntry kAcceptFlags[] = {SR_XLAT(SOCK_CLOEXEC), SR_XLAT(SOCK_NONBLOCK)};

}  // namespace

std::string format_msg_flags(uint64_t flags) { return xlat_flags_or_zero(kMsgFlags, flags, "MSG_???"); }
std::string format_accept_flags(uint64_t flags) {
  return xlat_flags_or_zero(kAcceptFlags, flags, "SOCK_???");
}

}  // namespace sysray::decode
