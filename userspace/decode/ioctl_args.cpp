// ioctl(2) as strace prints it: the request by name (terminal, file and socket requests), an
// unknown one as its _IOC(dir, type, nr, size) parts, and no third argument for the requests
// that take none ("ioctl(0, FIOCLEX)"). The third argument prints in hex: which struct it
// points to depends on the request and the driver, and reading it would cost every ioctl a
// copy (strace shows some of them, e.g. "FIONBIO, [1]"; sysray does not yet).
#include <asm/ioctls.h>
#include <linux/fs.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/special_syscalls.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

constexpr XlatEntry kRequests[] = {
    // terminals (asm-generic/ioctls.h)
    SR_XLAT(TCGETS), SR_XLAT(TCSETS), SR_XLAT(TCSETSW), SR_XLAT(TCSETSF), SR_XLAT(TCGETA),
    SR_XLAT(TCSETA), SR_XLAT(TCSETAW), SR_XLAT(TCSETAF), SR_XLAT(TCSBRK), SR_XLAT(TCXONC),
    SR_XLAT(TCFLSH), SR_XLAT(TIOCEXCL), SR_XLAT(TIOCNXCL), SR_XLAT(TIOCSCTTY), SR_XLAT(TIOCGPGRP),
    SR_XLAT(TIOCSPGRP), SR_XLAT(TIOCOUTQ), SR_XLAT(TIOCSTI), SR_XLAT(TIOCGWINSZ),
    SR_XLAT(TIOCSWINSZ), SR_XLAT(TIOCMGET), SR_XLAT(TIOCMBIS), SR_XLAT(TIOCMBIC),
    SR_XLAT(TIOCMSET), SR_XLAT(TIOCGSOFTCAR), SR_XLAT(TIOCSSOFTCAR),
    SR_XLAT(TIOCLINUX), SR_XLAT(TIOCCONS), SR_XLAT(TIOCGSERIAL), SR_XLAT(TIOCSSERIAL),
    SR_XLAT(TIOCPKT), SR_XLAT(TIOCNOTTY), SR_XLAT(TIOCSETD), SR_XLAT(TIOCGETD),
    SR_XLAT(TCSBRKP), SR_XLAT(TIOCSBRK), SR_XLAT(TIOCCBRK), SR_XLAT(TIOCGSID),
    // struct termios2 (asm/termbits.h) clashes with glibc's termios: its requests by number
    {0x802c542a, "TCGETS2"}, {0x402c542b, "TCSETS2"}, {0x402c542c, "TCSETSW2"},
    {0x402c542d, "TCSETSF2"}, SR_XLAT(TIOCGPTN),
    SR_XLAT(TIOCSPTLCK), SR_XLAT(TIOCGDEV), SR_XLAT(TIOCSIG), SR_XLAT(TIOCVHANGUP),
    SR_XLAT(TIOCGPKT), SR_XLAT(TIOCGPTLCK), SR_XLAT(TIOCGEXCL), SR_XLAT(TIOCGPTPEER),
    SR_XLAT(TIOCSERGETLSR), SR_XLAT(TIOCGICOUNT),
    // files (FIONREAD: strace's name for TIOCINQ, the same number)
    SR_XLAT(FIONREAD), SR_XLAT(FIONBIO), SR_XLAT(FIONCLEX), SR_XLAT(FIOCLEX), SR_XLAT(FIOASYNC), SR_XLAT(FIOQSIZE),
    SR_XLAT(FIGETBSZ), SR_XLAT(FIBMAP), SR_XLAT(FS_IOC_GETFLAGS), SR_XLAT(FS_IOC_SETFLAGS),
    // strace names a number two headers define by both names: cp's reflink attempt prints
    // "BTRFS_IOC_CLONE or FICLONE".
    SR_XLAT(FS_IOC_GETVERSION), SR_XLAT(FS_IOC_SETVERSION), {FICLONE, "BTRFS_IOC_CLONE or FICLONE"},
    SR_XLAT(FICLONERANGE), SR_XLAT(FIDEDUPERANGE), SR_XLAT(FIFREEZE), SR_XLAT(FITHAW),
    SR_XLAT(FITRIM), SR_XLAT(BLKGETSIZE64), SR_XLAT(BLKGETSIZE), SR_XLAT(BLKSSZGET),
    SR_XLAT(BLKROGET), SR_XLAT(BLKFLSBUF), SR_XLAT(BLKRRPART),
    // sockets (linux/sockios.h)
    SR_XLAT(SIOCGIFNAME), SR_XLAT(SIOCGIFCONF), SR_XLAT(SIOCGIFFLAGS), SR_XLAT(SIOCSIFFLAGS),
    SR_XLAT(SIOCGIFADDR), SR_XLAT(SIOCSIFADDR), SR_XLAT(SIOCGIFNETMASK), SR_XLAT(SIOCGIFMTU),
    SR_XLAT(SIOCSIFMTU), SR_XLAT(SIOCGIFHWADDR), SR_XLAT(SIOCGIFINDEX), SR_XLAT(SIOCGIFBRDADDR),
    SR_XLAT(SIOCGIFDSTADDR), SR_XLAT(SIOCGIFTXQLEN), SR_XLAT(SIOCETHTOOL), SR_XLAT(SIOCGSTAMP),
    SR_XLAT(SIOCGSTAMPNS), SR_XLAT(SIOCATMARK), SR_XLAT(SIOCOUTQNSD), SR_XLAT(SIOCADDRT),
    SR_XLAT(SIOCDELRT), SR_XLAT(SIOCGIFMETRIC), SR_XLAT(SIOCGIFMAP), SR_XLAT(SIOCGIFPFLAGS),
    SR_XLAT(SIOCSIFPFLAGS), SR_XLAT(SIOCBRADDBR), SR_XLAT(SIOCBRDELBR),
};

// Requests whose third argument the kernel never looks at: strace leaves it out.
bool takes_no_argument(uint32_t request) {
  switch (request) {
    case FIOCLEX: case FIONCLEX: case TIOCEXCL: case TIOCNXCL: case TIOCNOTTY: case TIOCSBRK:
    case TIOCCBRK: case TIOCVHANGUP: case FIFREEZE: case FITHAW: case BLKFLSBUF: case BLKRRPART:
      return true;
    default:
      return false;
  }
}

DecodedArg& arg(std::vector<DecodedArg>& out, size_t i) {
  reset_arg(out[i]);
  return out[i];
}

}  // namespace

std::string format_ioctl_request(uint32_t request) {
  if (const char* name = xlat_lookup(kRequests, request)) return name;
  static constexpr const char* kDirs[] = {"_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"};
  return fmt::format("_IOC({}, {}, {}, {})", kDirs[_IOC_DIR(request) & 3], c_hex(_IOC_TYPE(request)),
                     c_hex(_IOC_NR(request)), c_hex(_IOC_SIZE(request)));
}

void decode_ioctl(const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  // The kernel takes the request as an unsigned int: the upper half of the register is noise.
  uint32_t request = static_cast<uint32_t>(ev.args[1]);
  bool third = !takes_no_argument(request);
  out.resize(third ? 3 : 2);
  set_int(arg(out, 0), static_cast<int32_t>(ev.args[0]));
  set_symbol(arg(out, 1), request, format_ioctl_request(request));
  if (!third) return;
  if (request == FICLONE)
    set_int(arg(out, 2), static_cast<int32_t>(ev.args[2]));  // the source descriptor
  else
    set_hex(arg(out, 2), ev.args[2]);  // strace's %#lx: "0", not NULL
}

}  // namespace sysray::decode
