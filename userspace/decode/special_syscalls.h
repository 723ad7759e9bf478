// The syscalls ArgDecoder does not render argument by argument (SyscallSemantics::special):
// what they capture and how they print.
#pragma once
#include <string_view>
#include <vector>

#include "decode/arg_decoder.h"
#include "decode/syscall_semantics.h"
#include "trace/syscall_event.h"

namespace sysray::decode {

Special special_of(std::string_view syscall_name);

// The captures a special syscall needs (slot order: enter captures first).
sr_syscall_captures special_captures(Special special);

// Fills `out` (reused across events: every element is overwritten) with what strace prints.
void decode_special(Special special, const SyscallEvent& ev, std::vector<DecodedArg>& out);

// The decoders behind decode_special (clone_args.cpp, sockopt.cpp, fcntl_args.cpp,
// futex_args.cpp, ioctl_args.cpp, signal_sets.cpp).
void decode_clone(const SyscallEvent& ev, std::vector<DecodedArg>& out);
void decode_clone3(const SyscallEvent& ev, std::vector<DecodedArg>& out);
void decode_setsockopt(const SyscallEvent& ev, std::vector<DecodedArg>& out);
void decode_getsockopt(const SyscallEvent& ev, std::vector<DecodedArg>& out);
void decode_fcntl(const SyscallEvent& ev, std::vector<DecodedArg>& out);
void decode_futex(const SyscallEvent& ev, std::vector<DecodedArg>& out);
void decode_ioctl(const SyscallEvent& ev, std::vector<DecodedArg>& out);
// rt_sigreturn({mask=[USR1]}): the mask it restores; no argument when it could not be read.
void decode_rt_sigreturn(const SyscallEvent& ev, std::vector<DecodedArg>& out);
// "TCGETS", "FIONBIO", "SIOCGIFINDEX"; an unknown request as its parts:
// "_IOC(_IOC_READ|_IOC_WRITE, 0x12, 0x34, 0x8)".
std::string format_ioctl_request(uint32_t request);

}  // namespace sysray::decode
