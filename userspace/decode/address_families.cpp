#include "decode/address_families.h"

#include <sys/socket.h>

#include "decode/xlat.h"

namespace sysray::decode {
namespace {

// strace prints AF_UNIX (not AF_LOCAL) and knows the families up to AF_MCTP (45).
constexpr XlatEntry kFamilies[] = {
    SR_XLAT(AF_UNSPEC),   SR_XLAT(AF_UNIX),       SR_XLAT(AF_INET),   SR_XLAT(AF_AX25),
    SR_XLAT(AF_IPX),      SR_XLAT(AF_APPLETALK),  SR_XLAT(AF_NETROM), SR_XLAT(AF_BRIDGE),
    SR_XLAT(AF_ATMPVC),   SR_XLAT(AF_X25),        SR_XLAT(AF_INET6),  SR_XLAT(AF_ROSE),
    SR_XLAT(AF_DECnet),   SR_XLAT(AF_NETBEUI),    SR_XLAT(AF_SECURITY), SR_XLAT(AF_KEY),
    SR_XLAT(AF_NETLINK),  SR_XLAT(AF_PACKET),     SR_XLAT(AF_ASH),    SR_XLAT(AF_ECONET),
    SR_XLAT(AF_ATMSVC),   SR_XLAT(AF_RDS),        SR_XLAT(AF_SNA),    SR_XLAT(AF_IRDA),
    SR_XLAT(AF_PPPOX),    SR_XLAT(AF_WANPIPE),    SR_XLAT(AF_LLC),    SR_XLAT(AF_IB),
    SR_XLAT(AF_MPLS),     SR_XLAT(AF_CAN),        SR_XLAT(AF_TIPC),   SR_XLAT(AF_BLUETOOTH),
    SR_XLAT(AF_IUCV),     SR_XLAT(AF_RXRPC),      SR_XLAT(AF_ISDN),   SR_XLAT(AF_PHONET),
    SR_XLAT(AF_IEEE802154), SR_XLAT(AF_CAIF),     SR_XLAT(AF_ALG),    SR_XLAT(AF_NFC),
    SR_XLAT(AF_VSOCK),    SR_XLAT(AF_KCM),        SR_XLAT(AF_QIPCRTR), SR_XLAT(AF_SMC),
    SR_XLAT(AF_XDP),      SR_XLAT(AF_MCTP),
};

}  // namespace

const char* address_family_name(int family) {
  const char* name = family < 0 ? nullptr : xlat_lookup(kFamilies, static_cast<uint64_t>(family));
  return name ? name : "";
}

std::string address_family_text(uint64_t family) { return xlat_value(kFamilies, family, "AF_???"); }

}  // namespace sysray::decode
