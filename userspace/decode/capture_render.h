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

// The capture behind `spec` when it holds readable data read by primitive `read` (enum
// sr_read); nullptr when the BPF side captured nothing (NULL pointer, failed call) or could
// not read the memory.
const Capture* readable_capture(const SyscallEvent& ev, const ArgSpec& spec, uint8_t read);

// Renders an argument from its readable capture `c` (arg_styles.cpp's captured<> has checked
// the kind, the fault flag and a non-NULL pointer `raw`); each is the renderer of one or more
// rows of the style table.
using CaptureRenderer = void (*)(const Capture& c, uint64_t raw, DecodedArg& out);

void render_path(const Capture& c, uint64_t raw, DecodedArg& out);      // "/etc/passwd"
void render_buffer(const Capture& c, uint64_t raw, DecodedArg& out);    // "hello\n"
void render_sockaddr(const Capture& c, uint64_t raw, DecodedArg& out);  // {sa_family=AF_INET, ...}
void render_msghdr(const Capture& c, uint64_t raw, DecodedArg& out);    // {msg_name=..., ...}
void render_wait_status(const Capture& c, uint64_t raw, DecodedArg& out);
void render_fd_pair(const Capture& c, uint64_t raw, DecodedArg& out);   // [3, 4]
// execve's arguments from a readable SR_READ_ARGV capture (exec_args.cpp).
void render_argv(const Capture& c, uint64_t raw, DecodedArg& out);
void render_envp(const Capture& c, uint64_t raw, DecodedArg& out);
// getdents64's buffer: "0x55d0e1a1b790 /* 974 entries */"; JSON {"addr":..,"entries":N}.
void render_dirents(const Capture& c, uint64_t raw, DecodedArg& out);

// The capture styles that print something other than the pointer without a readable capture,
// or that read it in their own way (ArgRenderer, arg_styles.h).
// read(2)'s buffer: the bytes returned; "" when it returned 0, else the pointer.
void render_read_buffer(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                        DecodedArg& out);
// getrandom's buffer: the same, every byte as "\x..".
void render_random_bytes(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                         DecodedArg& out);
// accept(2)'s addrlen: "[16]" from the sockaddr capture in slot spec.capture.
void render_sockaddr_len(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                         DecodedArg& out);

// Copies the first `size` bytes of an object from its capture (the rest of `obj` zeroed);
// false when the memory could not be read or the capture is shorter: print the pointer then.
template <typename T>
bool read_object(const Capture& c, T& obj, size_t size = sizeof(T)) {
  if ((c.flags & SR_CAPF_FAULT) || c.data.size() < size || size > sizeof(T)) return false;
  std::memset(&obj, 0, sizeof(obj));
  std::memcpy(&obj, c.data.data(), size);
  return true;
}

// Fixed-size objects from SR_READ_BYTES captures of fixed size (kernel_structs.h), read with read_object;
// each prints the pointer when that fails. rlimit.cpp, signal_sets.cpp, stat_render.cpp,
// time_args.cpp.
void render_rlimit(const Capture& c, uint64_t raw, DecodedArg& out);
void render_sigset(const Capture& c, uint64_t raw, DecodedArg& out);
void render_sigaction(const Capture& c, uint64_t raw, DecodedArg& out);
void render_stat(const Capture& c, uint64_t raw, DecodedArg& out);
void render_statx(const Capture& c, uint64_t raw, DecodedArg& out);
void render_timespec(const Capture& c, uint64_t raw, DecodedArg& out);  // time_args.cpp
void render_itimerspec(const Capture& c, uint64_t raw, DecodedArg& out);  // time_args.cpp
// System and thread structs (system_structs.cpp): sigaltstack's stack_t, uname's first two
// strings, sysinfo, a CPU mask.
void render_stack(const Capture& c, uint64_t raw, DecodedArg& out);
void render_utsname(const Capture& c, uint64_t raw, DecodedArg& out);
void render_sysinfo(const Capture& c, uint64_t raw, DecodedArg& out);
void render_cpu_set(const Capture& c, uint64_t raw, DecodedArg& out);
// statfs/fstatfs's struct (statfs_render.cpp).
void render_statfs(const Capture& c, uint64_t raw, DecodedArg& out);
// utimensat's two times: "[{tv_sec=.., tv_nsec=..} /* 2026-12-05T12:22:04.162454772+0000 */,
// UTIME_NOW]" (time_args.cpp).
void render_utimens(const Capture& c, uint64_t raw, DecodedArg& out);
// epoll_ctl's event and the events epoll_wait returned (epoll_args.cpp).
void render_epoll_event(const Capture& c, uint64_t raw, DecodedArg& out);
void render_epoll_events(const Capture& c, uint64_t raw, DecodedArg& out);
// The kernel's siginfo (SR_KERNEL_SIGINFO_SIZE bytes): "{si_signo=SIGCHLD, si_code=CLD_EXITED,
// si_pid=42, ...}" with the fields strace shows for that sender and signal (siginfo.cpp).
void render_siginfo(const Capture& c, uint64_t raw, DecodedArg& out);

}  // namespace sysray::decode
