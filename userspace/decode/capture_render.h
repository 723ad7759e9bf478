// Rendering of arguments whose content the BPF side captured (paths, buffers, socket
// addresses). Each falls back to the pointer, as strace does, when there is nothing to show:
// the call failed, the memory could not be read, or the call has not returned yet.
#pragma once
#include <cstdint>
#include <cstring>

#include "decode/arg_decoder.h"
#include "decode/syscall_semantics.h"
#include "trace/syscall_event.h"

namespace sysray::decode {

// `spec.style` is one of the capture styles (Path ... MsghdrOut, SockaddrLenOut).
void render_captured(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw, DecodedArg& out);

// execve's arguments from a readable SR_CAP_EXEC_ARGS_IN capture (exec_args.cpp).
void render_argv(const Capture& c, DecodedArg& out);
void render_envp(const Capture& c, uint64_t raw, DecodedArg& out);

// Copies the first `size` bytes of an object from its capture (the rest of `obj` zeroed);
// false when the memory could not be read or the capture is shorter: print the pointer then.
template <typename T>
bool read_object(const Capture& c, T& obj, size_t size = sizeof(T)) {
  if ((c.flags & SR_CAPF_FAULT) || c.data.size() < size || size > sizeof(T)) return false;
  std::memset(&obj, 0, sizeof(obj));
  std::memcpy(&obj, c.data.data(), size);
  return true;
}

// Fixed-size objects from SR_CAP_OBJ_* captures (kernel_structs.h), read with read_object;
// each prints the pointer when that fails. rlimit.cpp, signal_sets.cpp, stat_render.cpp,
// time_args.cpp.
void render_rlimit(const Capture& c, uint64_t raw, DecodedArg& out);
void render_sigset(const Capture& c, uint64_t raw, DecodedArg& out);
void render_sigaction(const Capture& c, uint64_t raw, DecodedArg& out);
void render_stat(const Capture& c, uint64_t raw, DecodedArg& out);
void render_statx(const Capture& c, uint64_t raw, DecodedArg& out);
void render_timespec(const Capture& c, uint64_t raw, DecodedArg& out);  // time_args.cpp
// The kernel's siginfo (SR_KERNEL_SIGINFO_SIZE bytes): "{si_signo=SIGCHLD, si_code=CLD_EXITED,
// si_pid=42, ...}" with the fields strace shows for that sender and signal (siginfo.cpp).
void render_siginfo(const Capture& c, uint64_t raw, DecodedArg& out);

}  // namespace sysray::decode
