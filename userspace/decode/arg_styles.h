// The argument styles: how strace prints one syscall argument. Everything sysray knows about a
// style is its one row in arg_styles.cpp's table: the capture recipe the BPF side follows for
// it, whether the value is only known at exit, and its renderer. Adding a style is an
// enumerator here plus its row there (docs/ADDING-A-DECODER.md); a missing row fails to build.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "decode/capture_recipe.h"
#include "sysray/events.h"

namespace sysray {
struct SyscallEvent;
}

namespace sysray::decode {

struct ArgSpec;
struct DecodedArg;

// What each style prints, with examples: its row in arg_styles.cpp.
enum class ArgStyle : uint8_t {
  Hex,
  Int,
  Long,
  Unsigned,
  ULong,
  Pointer,
  Dirfd,
  OpenFlags,
  Mode,
  OpenMode,
  SockDomain,
  SockType,
  SockProtocol,
  SockFlags,
  MsgFlags,
  MmapProt,
  MmapFlags,
  CloneFlags,
  Path,
  BufferIn,
  BufferOut,
  RandomOut,
  SockaddrIn,
  SockaddrOut,
  SockaddrLenOut,
  MsghdrIn,
  MsghdrOut,
  Argv,
  Envp,
  AtFlags,
  AccessMode,
  AccessAtFlags,
  WaitStatus,
  WaitOptions,
  FdFlags,
  EventfdFlags,
  EpollFlags,
  Whence,
  FadviseAdvice,
  FlockOp,
  ShutdownHow,
  MadviseAdvice,
  ArchPrctlCode,
  RlimitResource,
  GetrandomFlags,
  Signal,
  SigprocmaskHow,
  FdPairOut,
  RlimitIn,
  RlimitOut,
  SigactionIn,
  SigactionOut,
  SigsetIn,
  SigsetOut,
  StatOut,
  StatxOut,
  StatxFlags,
  StatxMask,
  ClockId,
  TimerFlags,
  TimespecIn,
  TimespecOut,
  RemainingOut,
  SiginfoIn,
  SiginfoOut,
  DirentsOut,
  Id,
  EpollCtlOp,
  EpollEventIn,
  EpollEventsOut,
  StackIn,
  StackOut,
  UtsnameOut,
  SysinfoOut,
  CpuSetOut,
  CwdOut,
  SpliceFlags,
  TimerfdFlags,
  ItimerspecIn,
  ItimerspecOut,
  StatfsOut,
  UtimensIn,
  Count  // not a style: how many there are (the table's size); new styles go before it
};

inline constexpr size_t kArgStyleCount = static_cast<size_t>(ArgStyle::Count);

// Fills `out` (reset by render_arg, its `value` and `at_exit` set) from the argument's
// register `raw` and, for a style that reads a capture, the event's slot spec.capture.
using ArgRenderer = void (*)(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                             DecodedArg& out);

struct ArgStyleTraits {
  ArgStyle style;       // row i describes ArgStyle(i)
  ArgRenderer render;
  // What the BPF side reads for the argument (capture_recipe.h), its argument numbers relative
  // to the argument itself; empty for styles printed from the register alone.
  Read capture{};
  // Known only once the call returned (read's buffer, accept's peer address): strace leaves it
  // out of "<unfinished ...>" and prints it when resumed; before that it is only an address.
  // Set by the table for every recipe read at exit; by hand for the styles that borrow one.
  bool at_exit = false;
  // Printed from the capture of another argument of this style, in slot ArgSpec::capture (envp
  // from argv's, accept's addrlen from the sockaddr's); such a style takes no slot of its own.
  std::optional<ArgStyle> borrows{};
  // Printed with the value of the syscall's argument of this style (ArgSpec::ref); as an Int
  // when the syscall has none.
  std::optional<ArgStyle> ref{};
};

// The row of `style` (Count and beyond: Hex's).
const ArgStyleTraits& arg_style(ArgStyle style);
// All rows, in enum order.
std::span<const ArgStyleTraits> arg_style_table();

// Lookups in that table.
// True for arguments whose value only exists once the call returned.
bool known_at_exit(ArgStyle style);
// True for arguments printed from a capture slot, their own or a borrowed one.
bool reads_capture(ArgStyle style);
// What the BPF side reads for an argument of this style (empty for most).
const Read& capture_recipe(ArgStyle style);
// The read primitive (enum sr_read) of the capture the argument is printed from: its own, or
// the borrowed one; SR_READ_NONE for the others.
uint8_t read_primitive(ArgStyle style);

}  // namespace sysray::decode
