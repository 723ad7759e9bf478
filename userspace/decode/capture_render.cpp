#include "decode/capture_render.h"

#include <sys/socket.h>

#include <cstring>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/flags.h"
#include "decode/sockaddr.h"
#include "decode/string_escape.h"

namespace sysray::decode {

namespace {

using Kind = DecodedArg::Kind;

// The capture behind `spec` when it holds readable data of `kind`; nullptr when the BPF side
// captured nothing (NULL pointer, failed call) or could not read the memory.
const Capture* readable_capture(const SyscallEvent& ev, const ArgSpec& spec, uint8_t kind) {
  if (spec.capture < 0) return nullptr;
  const Capture& c = ev.cap[spec.capture];
  if (c.kind != kind || (c.flags & SR_CAPF_FAULT)) return nullptr;
  return &c;
}

bool is_truncated(const Capture& c) {
  return (c.flags & SR_CAPF_TRUNCATED) || c.full_len > c.data.size();
}

void set_path(DecodedArg& out, const Capture& c) {
  out.kind = Kind::String;
  out.truncated = is_truncated(c);
  out.text = quote_c_string(c.data, out.truncated);
  out.bytes.assign(c.data, 0, c.data.find('\0'));
}

void set_buffer(DecodedArg& out, const Capture& c, bool hex = false) {
  out.kind = Kind::Buffer;
  out.truncated = is_truncated(c);
  out.text = hex ? quote_hex(c.data, out.truncated) : quote_bytes(c.data, out.truncated);
  out.bytes = c.data;
}

void set_sockaddr(DecodedArg& out, const Capture& c) {
  out.kind = Kind::Sockaddr;
  out.text = format_sockaddr(c.data);
  out.sockaddr = parse_sockaddr(c.data);
}

// strace shows a msghdr with its fields; sysray only captures msg_name (the peer address), so
// the rest is elided with "...". The JSON form is the address alone.
void set_msghdr(DecodedArg& out, uint64_t raw, const Capture& c) {
  if (c.data.empty() && c.full_len == 0) {
    set_pointer(out, raw);
    out.text = "{msg_name=NULL, ...}";
    return;
  }
  set_sockaddr(out, c);
  out.text = fmt::format("{{msg_name={}, msg_namelen={}, ...}}", out.text, c.full_len);
}

// read(2)'s buffer: the bytes returned. A call that returned 0 read nothing ("" like strace);
// a failed one left the buffer undefined, so the pointer is all there is.
void render_output_buffer(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                          DecodedArg& out) {
  if (const Capture* c = readable_capture(ev, spec, SR_CAP_BUF_OUT))
    return set_buffer(out, *c, spec.style == ArgStyle::RandomOut);
  if (ev.ret == 0 && raw != 0) {
    out.kind = Kind::Buffer;
    out.text = "\"\"";
    return;
  }
  set_pointer(out, raw);
}

// accept(2)'s addrlen: "[16]", the length the kernel wrote back (the capture's full_len).
void render_sockaddr_len(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                         DecodedArg& out) {
  const Capture& c = ev.cap[spec.capture];
  if (c.kind != SR_CAP_SOCKADDR_OUT) return set_pointer(out, raw);
  set_int(out, c.full_len);
  out.text = fmt::format("[{}]", c.full_len);
}

// wait4's status: "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]"; the status word in JSON.
void set_wait_status(DecodedArg& out, uint64_t raw, const Capture& c) {
  int32_t status;
  if (c.data.size() < sizeof(status)) return set_pointer(out, raw);
  std::memcpy(&status, c.data.data(), sizeof(status));
  set_int(out, status);
  out.text = fmt::format("[{}]", format_wait_status(status));
}

// pipe's and socketpair's descriptors: "[3, 4]"; JSON [3, 4].
void set_fd_pair(DecodedArg& out, uint64_t raw, const Capture& c) {
  int32_t fds[2];
  if (c.data.size() < sizeof(fds)) return set_pointer(out, raw);
  std::memcpy(fds, c.data.data(), sizeof(fds));
  out.kind = Kind::Array;
  for (int32_t fd : fds) set_int(out.items.emplace_back(), fd);
  out.text = fmt::format("[{}, {}]", fds[0], fds[1]);
}

}  // namespace

void render_captured(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw, DecodedArg& out) {
  // Before the call returns, output arguments are only addresses.
  if (out.at_exit && ev.type == SR_REC_SYSCALL_ENTER) return set_pointer(out, raw);
  if (spec.style == ArgStyle::BufferOut || spec.style == ArgStyle::RandomOut)
    return render_output_buffer(ev, spec, raw, out);
  if (spec.style == ArgStyle::SockaddrLenOut) return render_sockaddr_len(ev, spec, raw, out);
  // envp is counted by argv's capture.
  uint8_t kind = spec.style == ArgStyle::Envp ? uint8_t{SR_CAP_EXEC_ARGS_IN} : capture_kind(spec.style);
  const Capture* c = readable_capture(ev, spec, kind);
  if (!c || raw == 0) return set_pointer(out, raw);
  switch (spec.style) {
    case ArgStyle::Path: return set_path(out, *c);
    case ArgStyle::BufferIn: return set_buffer(out, *c);
    case ArgStyle::SockaddrIn:
    case ArgStyle::SockaddrOut:
      // A zero-length address (recvfrom on a TCP socket) or one too short to hold its family
      // (sa_family_t is 2 bytes): strace shows the pointer.
      if (c->data.size() < sizeof(sa_family_t)) return set_pointer(out, raw);
      return set_sockaddr(out, *c);
    case ArgStyle::MsghdrIn:
    case ArgStyle::MsghdrOut: return set_msghdr(out, raw, *c);
    case ArgStyle::Argv: return render_argv(*c, out);
    case ArgStyle::WaitStatus: return set_wait_status(out, raw, *c);
    case ArgStyle::Envp: return render_envp(*c, raw, out);
    case ArgStyle::FdPairOut: return set_fd_pair(out, raw, *c);
    case ArgStyle::RlimitIn:
    case ArgStyle::RlimitOut: return render_rlimit(*c, raw, out);
    case ArgStyle::SigactionIn:
    case ArgStyle::SigactionOut: return render_sigaction(*c, raw, out);
    case ArgStyle::SigsetIn:
    case ArgStyle::SigsetOut: return render_sigset(*c, raw, out);
    case ArgStyle::StatOut: return render_stat(*c, raw, out);
    case ArgStyle::StatxOut: return render_statx(*c, raw, out);
    case ArgStyle::TimespecIn:
    case ArgStyle::TimespecOut:
    case ArgStyle::RemainingOut: return render_timespec(*c, raw, out);
    case ArgStyle::SiginfoIn:
    case ArgStyle::SiginfoOut: return render_siginfo(*c, raw, out);
    default: return set_pointer(out, raw);
  }
}

}  // namespace sysray::decode
