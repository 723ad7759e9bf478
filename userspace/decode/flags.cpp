#include "decode/flags.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <initializer_list>

#include "decode/address_families.h"

namespace sysray::decode {
namespace {

struct Bit {
  uint64_t mask;
  const char* name;
};

// Names of the bits of `value` in table order, unknown bits as one trailing hex number, joined
// by '|'. `zero` is printed when nothing is left to name.
std::string format_bits(uint64_t value, std::initializer_list<Bit> bits, const char* zero,
                        std::string prefix = "") {
  std::string out = std::move(prefix);
  for (const Bit& b : bits) {
    if (b.mask && (value & b.mask) == b.mask) {
      if (!out.empty()) out += '|';
      out += b.name;
      value &= ~b.mask;
    }
  }
  if (value) {
    if (!out.empty()) out += '|';
    out += fmt::format("{:#x}", value);
  }
  return out.empty() ? zero : out;
}

#define BIT(x) Bit{static_cast<uint64_t>(x), #x}

}  // namespace

std::string format_open_flags(uint64_t flags) {
  const char* access = (flags & O_ACCMODE) == O_WRONLY ? "O_WRONLY"
                       : (flags & O_ACCMODE) == O_RDWR ? "O_RDWR"
                       : (flags & O_ACCMODE) == O_RDONLY ? "O_RDONLY"
                                                         : "O_ACCMODE";
  // O_SYNC includes O_DSYNC's bit and O_TMPFILE includes O_DIRECTORY's: name the wider first.
  return format_bits(flags & ~uint64_t(O_ACCMODE),
                     {BIT(O_CREAT), BIT(O_EXCL), BIT(O_NOCTTY), BIT(O_TRUNC), BIT(O_APPEND),
                      BIT(O_NONBLOCK), BIT(O_SYNC), BIT(O_DSYNC), BIT(O_ASYNC), BIT(O_DIRECT),
                      Bit{0100000, "O_LARGEFILE"}, BIT(O_TMPFILE), BIT(O_DIRECTORY),
                      BIT(O_NOFOLLOW), BIT(O_NOATIME), BIT(O_CLOEXEC), BIT(O_PATH)},
                     access, access);
}

std::string format_dirfd(int64_t fd) {
  return static_cast<int32_t>(fd) == AT_FDCWD ? "AT_FDCWD" : std::to_string(static_cast<int32_t>(fd));
}

std::string format_mode(uint64_t mode) { return fmt::format("0{:o}", mode & 07777); }

std::string format_socket_domain(uint64_t domain) {
  const char* name = address_family_name(static_cast<int>(domain));
  return *name ? name : fmt::format("{} /* AF_??? */", domain);
}

std::string format_socket_type(uint64_t type) {
  static const char* const kTypes[] = {nullptr,        "SOCK_STREAM", "SOCK_DGRAM",
                                       "SOCK_RAW",     "SOCK_RDM",    "SOCK_SEQPACKET",
                                       "SOCK_DCCP",    nullptr,       nullptr,
                                       nullptr,        "SOCK_PACKET"};
  uint64_t base = type & 0xf;
  std::string name = base < std::size(kTypes) && kTypes[base] ? kTypes[base]
                                                               : fmt::format("{:#x}", base);
  return format_bits(type & ~uint64_t(0xf), {BIT(SOCK_CLOEXEC), BIT(SOCK_NONBLOCK)}, "", name);
}

std::string format_socket_protocol(uint64_t domain, uint64_t protocol) {
  if (domain != AF_INET && domain != AF_INET6) return std::to_string(protocol);
  switch (protocol) {
    case IPPROTO_IP: return "IPPROTO_IP";
    case IPPROTO_ICMP: return "IPPROTO_ICMP";
    case IPPROTO_TCP: return "IPPROTO_TCP";
    case IPPROTO_UDP: return "IPPROTO_UDP";
    case IPPROTO_IPV6: return "IPPROTO_IPV6";
    case IPPROTO_ICMPV6: return "IPPROTO_ICMPV6";
    case IPPROTO_SCTP: return "IPPROTO_SCTP";
    case IPPROTO_UDPLITE: return "IPPROTO_UDPLITE";
    case IPPROTO_RAW: return "IPPROTO_RAW";
    case IPPROTO_MPTCP: return "IPPROTO_MPTCP";
    default: return std::to_string(protocol);
  }
}

std::string format_mmap_prot(uint64_t prot) {
  return format_bits(prot, {BIT(PROT_READ), BIT(PROT_WRITE), BIT(PROT_EXEC), Bit{0x8, "PROT_SEM"},
                            BIT(PROT_GROWSDOWN), BIT(PROT_GROWSUP)},
                     "PROT_NONE");
}

std::string format_mmap_flags(uint64_t flags) {
  const char* kind = (flags & MAP_TYPE) == MAP_SHARED            ? "MAP_SHARED"
                     : (flags & MAP_TYPE) == MAP_PRIVATE         ? "MAP_PRIVATE"
                     : (flags & MAP_TYPE) == MAP_SHARED_VALIDATE ? "MAP_SHARED_VALIDATE"
                                                                 : "";
  return format_bits(flags & ~uint64_t(MAP_TYPE),
                     {BIT(MAP_FIXED), BIT(MAP_ANONYMOUS), BIT(MAP_32BIT), BIT(MAP_GROWSDOWN),
                      BIT(MAP_DENYWRITE), BIT(MAP_EXECUTABLE), BIT(MAP_LOCKED),
                      BIT(MAP_NORESERVE), BIT(MAP_POPULATE), BIT(MAP_NONBLOCK), BIT(MAP_STACK),
                      BIT(MAP_HUGETLB), BIT(MAP_SYNC), BIT(MAP_FIXED_NOREPLACE)},
                     "0", kind);
}

std::string format_clone_flags(uint64_t flags) {
  std::string out = format_bits(
      flags & ~uint64_t(CSIGNAL),
      {BIT(CLONE_VM), BIT(CLONE_FS), BIT(CLONE_FILES), BIT(CLONE_SIGHAND), BIT(CLONE_PIDFD),
       BIT(CLONE_PTRACE), BIT(CLONE_VFORK), BIT(CLONE_PARENT), BIT(CLONE_THREAD),
       BIT(CLONE_NEWNS), BIT(CLONE_SYSVSEM), BIT(CLONE_SETTLS), BIT(CLONE_PARENT_SETTID),
       BIT(CLONE_CHILD_CLEARTID), BIT(CLONE_DETACHED), BIT(CLONE_UNTRACED),
       BIT(CLONE_CHILD_SETTID), BIT(CLONE_NEWCGROUP), BIT(CLONE_NEWUTS), BIT(CLONE_NEWIPC),
       BIT(CLONE_NEWUSER), BIT(CLONE_NEWPID), BIT(CLONE_NEWNET), BIT(CLONE_IO)},
      "");
  if (int sig = flags & CSIGNAL) {
    const char* abbrev = sigabbrev_np(sig);
    std::string name = abbrev ? std::string("SIG") + abbrev : std::to_string(sig);
    out += (out.empty() ? "" : "|") + name;
  }
  return out.empty() ? "0" : out;
}

}  // namespace sysray::decode
