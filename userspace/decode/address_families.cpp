#include "decode/address_families.h"

#include <sys/socket.h>

namespace sysray::decode {

const char* address_family_name(int family) {
  switch (family) {
    case AF_UNSPEC: return "AF_UNSPEC";
    case AF_UNIX: return "AF_UNIX";
    case AF_INET: return "AF_INET";
    case AF_AX25: return "AF_AX25";
    case AF_IPX: return "AF_IPX";
    case AF_APPLETALK: return "AF_APPLETALK";
    case AF_NETROM: return "AF_NETROM";
    case AF_BRIDGE: return "AF_BRIDGE";
    case AF_ATMPVC: return "AF_ATMPVC";
    case AF_X25: return "AF_X25";
    case AF_INET6: return "AF_INET6";
    case AF_ROSE: return "AF_ROSE";
    case AF_DECnet: return "AF_DECnet";
    case AF_NETBEUI: return "AF_NETBEUI";
    case AF_SECURITY: return "AF_SECURITY";
    case AF_KEY: return "AF_KEY";
    case AF_NETLINK: return "AF_NETLINK";
    case AF_PACKET: return "AF_PACKET";
    case AF_ASH: return "AF_ASH";
    case AF_ECONET: return "AF_ECONET";
    case AF_ATMSVC: return "AF_ATMSVC";
    case AF_RDS: return "AF_RDS";
    case AF_SNA: return "AF_SNA";
    case AF_IRDA: return "AF_IRDA";
    case AF_PPPOX: return "AF_PPPOX";
    case AF_WANPIPE: return "AF_WANPIPE";
    case AF_LLC: return "AF_LLC";
    case AF_IB: return "AF_IB";
    case AF_MPLS: return "AF_MPLS";
    case AF_CAN: return "AF_CAN";
    case AF_TIPC: return "AF_TIPC";
    case AF_BLUETOOTH: return "AF_BLUETOOTH";
    case AF_IUCV: return "AF_IUCV";
    case AF_RXRPC: return "AF_RXRPC";
    case AF_ISDN: return "AF_ISDN";
    case AF_PHONET: return "AF_PHONET";
    case AF_IEEE802154: return "AF_IEEE802154";
    case AF_CAIF: return "AF_CAIF";
    case AF_ALG: return "AF_ALG";
    case AF_NFC: return "AF_NFC";
    case AF_VSOCK: return "AF_VSOCK";
    case AF_KCM: return "AF_KCM";
    case AF_QIPCRTR: return "AF_QIPCRTR";
    case AF_SMC: return "AF_SMC";
    case AF_XDP: return "AF_XDP";
    default: return "";
  }
}

}  // namespace sysray::decode
