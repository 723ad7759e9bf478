#include "decode/msg_flags.h"

#include <sys/socket.h>

#include <fmt/format.h>

namespace sysray::decode {

namespace {

struct FlagName {
  uint64_t bit;
  const char* name;
};

#define SR_FLAG(f) {f, #f}
constexpr FlagName kMsgFlags[] = {
    SR_FLAG(MSG_OOB),      SR_FLAG(MSG_PEEK),         SR_FLAG(MSG_DONTROUTE), SR_FLAG(MSG_CTRUNC),
    SR_FLAG(MSG_PROXY),    SR_FLAG(MSG_TRUNC),        SR_FLAG(MSG_DONTWAIT),  SR_FLAG(MSG_EOR),
    SR_FLAG(MSG_WAITALL),  SR_FLAG(MSG_FIN),          SR_FLAG(MSG_SYN),       SR_FLAG(MSG_CONFIRM),
    SR_FLAG(MSG_RST),      SR_FLAG(MSG_ERRQUEUE),     SR_FLAG(MSG_NOSIGNAL),  SR_FLAG(MSG_MORE),
    SR_FLAG(MSG_WAITFORONE), SR_FLAG(MSG_BATCH),      SR_FLAG(MSG_ZEROCOPY),  SR_FLAG(MSG_FASTOPEN),
    SR_FLAG(MSG_CMSG_CLOEXEC),
};
constexpr FlagName kAcceptFlags[] = {SR_FLAG(SOCK_CLOEXEC), SR_FLAG(SOCK_NONBLOCK)};
#undef SR_FLAG

template <size_t N>
std::string format_flag_set(uint64_t flags, const FlagName (&names)[N]) {
  if (flags == 0) return "0";
  std::string out;
  for (const FlagName& f : names) {
    if (!(flags & f.bit)) continue;
    if (!out.empty()) out += '|';
    out += f.name;
    flags &= ~f.bit;
  }
  if (flags) fmt::format_to(std::back_inserter(out), "{}{:#x}", out.empty() ? "" : "|", flags);
  return out;
}

}  // namespace

std::string format_msg_flags(uint64_t flags) { return format_flag_set(flags, kMsgFlags); }
std::string format_accept_flags(uint64_t flags) { return format_flag_set(flags, kAcceptFlags); }

}  // namespace sysray::decode
