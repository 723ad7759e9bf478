// socket(2)'s arguments of flags.h: domain, type, protocol; shutdown(2)'s how.
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include "decode/address_families.h"
#include "decode/flags.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

// The low 4 bits of the type are the socket type; the rest are flags.
constexpr uint64_t kSockTypeMask = 0xf;
constexpr XlatEntry kSockTypes[] = {
    SR_XLAT(SOCK_STREAM),    SR_XLAT(SOCK_DGRAM), SR_XLAT(SOCK_RAW),    SR_XLAT(SOCK_RDM),
    SR_XLAT(SOCK_SEQPACKET), SR_XLAT(SOCK_DCCP),  SR_XLAT(SOCK_PACKET),
};
constexpr XlatEntry kSockTypeFlags[] = {SR_XLAT(SOCK_CLOEXEC), SR_XLAT(SOCK_NONBLOCK)};

// 0 is IPPROTO_IP here, not its alias IPPROTO_HOPOPTS.
constexpr XlatEntry kIpProtocols[] = {
    SR_XLAT(IPPROTO_IP),       SR_XLAT(IPPROTO_ICMP),    SR_XLAT(IPPROTO_IGMP),
    SR_XLAT(IPPROTO_IPIP),     SR_XLAT(IPPROTO_TCP),     SR_XLAT(IPPROTO_EGP),
    SR_XLAT(IPPROTO_PUP),      SR_XLAT(IPPROTO_UDP),     SR_XLAT(IPPROTO_IDP),
    SR_XLAT(IPPROTO_TP),       SR_XLAT(IPPROTO_DCCP),    SR_XLAT(IPPROTO_IPV6),
    SR_XLAT(IPPROTO_ROUTING),  SR_XLAT(IPPROTO_FRAGMENT), SR_XLAT(IPPROTO_RSVP),
    SR_XLAT(IPPROTO_GRE),      SR_XLAT(IPPROTO_ESP),     SR_XLAT(IPPROTO_AH),
    SR_XLAT(IPPROTO_ICMPV6),   SR_XLAT(IPPROTO_NONE),    SR_XLAT(IPPROTO_DSTOPTS),
    SR_XLAT(IPPROTO_MTP),      SR_XLAT(IPPROTO_BEETPH),  SR_XLAT(IPPROTO_ENCAP),
    SR_XLAT(IPPROTO_PIM),      SR_XLAT(IPPROTO_COMP),    {115, "IPPROTO_L2TP"},
    SR_XLAT(IPPROTO_SCTP),     SR_XLAT(IPPROTO_MH),      SR_XLAT(IPPROTO_UDPLITE),
    SR_XLAT(IPPROTO_MPLS),     SR_XLAT(IPPROTO_ETHERNET), SR_XLAT(IPPROTO_RAW),
    SR_XLAT(IPPROTO_MPTCP),
};

constexpr XlatEntry kNetlinkProtocols[] = {
    SR_XLAT(NETLINK_ROUTE),          SR_XLAT(NETLINK_UNUSED),     SR_XLAT(NETLINK_USERSOCK),
    SR_XLAT(NETLINK_FIREWALL),       SR_XLAT(NETLINK_SOCK_DIAG),  SR_XLAT(NETLINK_NFLOG),
    SR_XLAT(NETLINK_XFRM),           SR_XLAT(NETLINK_SELINUX),    SR_XLAT(NETLINK_ISCSI),
    SR_XLAT(NETLINK_AUDIT),          SR_XLAT(NETLINK_FIB_LOOKUP), SR_XLAT(NETLINK_CONNECTOR),
    SR_XLAT(NETLINK_NETFILTER),      SR_XLAT(NETLINK_IP6_FW),     SR_XLAT(NETLINK_DNRTMSG),
    SR_XLAT(NETLINK_KOBJECT_UEVENT), SR_XLAT(NETLINK_GENERIC),    SR_XLAT(NETLINK_SCSITRANSPORT),
    SR_XLAT(NETLINK_ECRYPTFS),       SR_XLAT(NETLINK_RDMA),       SR_XLAT(NETLINK_CRYPTO),
    SR_XLAT(NETLINK_SMC),
};

// The EtherTypes a packet socket is commonly opened with; strace knows about a hundred, the
// rarer ones print here as htons(0x88b5 /* ETH_P_??? */).
constexpr XlatEntry kEtherTypes[] = {
    SR_XLAT(ETH_P_802_3),   SR_XLAT(ETH_P_AX25),    SR_XLAT(ETH_P_ALL),     SR_XLAT(ETH_P_802_2),
    SR_XLAT(ETH_P_LOOP),    SR_XLAT(ETH_P_IP),      SR_XLAT(ETH_P_ARP),     SR_XLAT(ETH_P_TEB),
    SR_XLAT(ETH_P_RARP),    SR_XLAT(ETH_P_8021Q),   SR_XLAT(ETH_P_IPV6),    SR_XLAT(ETH_P_SLOW),
    SR_XLAT(ETH_P_MPLS_UC), SR_XLAT(ETH_P_MPLS_MC), SR_XLAT(ETH_P_PPP_DISC), SR_XLAT(ETH_P_PPP_SES),
    SR_XLAT(ETH_P_PAE),     SR_XLAT(ETH_P_8021AD),  SR_XLAT(ETH_P_TIPC),    SR_XLAT(ETH_P_LLDP),
    SR_XLAT(ETH_P_1588),
};

constexpr XlatEntry kShutdownHow[] = {SR_XLAT(SHUT_RD), SR_XLAT(SHUT_WR), SR_XLAT(SHUT_RDWR)};

}  // namespace

std::string format_shutdown_how(uint64_t how) {
  return xlat_value(kShutdownHow, static_cast<uint32_t>(how), "SHUT_???");
}

std::string format_socket_domain(uint64_t domain) { return address_family_text(domain); }

std::string format_socket_type(uint64_t type) {
  std::string out;
  if (const char* name = xlat_lookup(kSockTypes, type & kSockTypeMask)) {
    out = name;
    type &= ~kSockTypeMask;
  }
  // An unknown type stays in `type` and prints with the unknown flags: "0xf /* SOCK_??? */".
  append_flag(out, xlat_flags(kSockTypeFlags, type, "SOCK_???"));
  return out.empty() ? "0" : out;
}

// The protocol's meaning depends on the family; families strace does not decode get the
// number as an unsigned int.
std::string format_socket_protocol(uint64_t domain, uint64_t protocol) {
  switch (domain) {
    case AF_INET:
    case AF_INET6: return xlat_value(kIpProtocols, protocol, "IPPROTO_???");
    case AF_NETLINK: return xlat_value(kNetlinkProtocols, protocol, "NETLINK_???");
    case AF_PACKET: {
      uint16_t ether_type = ntohs(static_cast<uint16_t>(protocol));
      return fmt::format("htons({})", xlat_value(kEtherTypes, ether_type, "ETH_P_???"));
    }
    default: return std::to_string(static_cast<uint32_t>(protocol));
  }
}

}  // namespace sysray::decode
