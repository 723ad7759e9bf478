#include "decode/capture_render.h"

#include <sys/socket.h>

#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/flags.h"
#include "decode/sockaddr.h"
#include "decode/string_escape.h"

namespace sysray::decode {

namespace {

using Kind = DecodedArg::Kind;

bool is_truncated(const Capture& c) {
  return (c.flags & SR_CAPF_TRUNCATED) || c.full_len > c.data.size();
}

void set_buffer(DecodedArg& out, const Capture& c, bool hex) {
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

// read(2)'s buffer: the bytes returned. A call that returned 0 read nothing ("" like strace);
// a failed one left the buffer undefined, so the pointer is all there is.
void render_output_buffer(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                          DecodedArg& out, bool hex) {
  if (const Capture* c = readable_capture(ev, spec, SR_READ_BYTES))
    return set_buffer(out, *c, hex);
  if (ev.ret == 0 && raw != 0) {
    out.kind = Kind::Buffer;
    out.text = "\"\"";
    return;
  }
  set_pointer(out, raw);
}

}  // namespace

const Capture* readable_capture(const SyscallEvent& ev, const ArgSpec& spec, uint8_t read) {
  if (spec.capture < 0) return nullptr;
  const Capture& c = ev.cap[spec.capture];
  if (c.read != read || (c.flags & SR_CAPF_FAULT)) return nullptr;
  return &c;
}

void render_path(const Capture& c, uint64_t, DecodedArg& out) {
  out.kind = Kind::String;
  out.truncated = is_truncated(c);
  out.text = quote_c_string(c.data, out.truncated);
  out.bytes.assign(c.data, 0, c.data.find('\0'));
}

void render_buffer(const Capture& c, uint64_t, DecodedArg& out) { set_buffer(out, c, false); }

void render_read_buffer(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                        DecodedArg& out) {
  render_output_buffer(ev, spec, raw, out, false);
}

void render_random_bytes(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                         DecodedArg& out) {
  render_output_buffer(ev, spec, raw, out, true);
}

// A zero-length address (recvfrom on a TCP socket) or one too short to hold its family
// (sa_family_t is 2 bytes): strace shows the pointer.
void render_sockaddr(const Capture& c, uint64_t raw, DecodedArg& out) {
  if (c.data.size() < sizeof(sa_family_t)) return set_pointer(out, raw);
  set_sockaddr(out, c);
}

// accept(2)'s addrlen as strace prints it: "[112 => 16]", the length that went in (read at
// enter, when a capture slot was free for it) and the one the kernel wrote back (the address
// capture's full_len); "[16]" when they are equal or the first is unknown; "[112]" when the
// call failed. JSON: the length written back (the one going in for a failed call).
void render_sockaddr_len(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw,
                         DecodedArg& out) {
  std::optional<int32_t> in;
  if (spec.in_capture >= 0) {
    const Capture& c = ev.cap[spec.in_capture];
    int32_t v;
    if (c.read == SR_READ_BYTES && !(c.flags & SR_CAPF_FAULT) && c.data.size() >= sizeof(v)) {
      std::memcpy(&v, c.data.data(), sizeof(v));
      in = v;
    }
  }
  const Capture& back = ev.cap[spec.capture];
  if (back.read != SR_READ_BYTES) {
    if (!in || ev.type == SR_REC_SYSCALL_ENTER) return set_pointer(out, raw);
    set_int(out, *in);
    out.text = fmt::format("[{}]", *in);
    return;
  }
  set_int(out, back.full_len);
  if (in && static_cast<uint32_t>(*in) != back.full_len)
    out.text = fmt::format("[{} => {}]", *in, back.full_len);
  else
    out.text = fmt::format("[{}]", back.full_len);
}

// strace shows a msghdr with its fields; sysray only captures msg_name (the peer address), so
// the rest is elided with "...". The JSON form is the address alone.
void render_msghdr(const Capture& c, uint64_t raw, DecodedArg& out) {
  if (c.data.empty() && c.full_len == 0) {
    set_pointer(out, raw);
    out.text = "{msg_name=NULL, ...}";
    return;
  }
  set_sockaddr(out, c);
  out.text = fmt::format("{{msg_name={}, msg_namelen={}, ...}}", out.text, c.full_len);
}

// wait4's status: "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]"; the status word in JSON.
void render_wait_status(const Capture& c, uint64_t raw, DecodedArg& out) {
  int32_t status;
  if (c.data.size() < sizeof(status)) return set_pointer(out, raw);
  std::memcpy(&status, c.data.data(), sizeof(status));
  set_int(out, status);
  out.text = fmt::format("[{}]", format_wait_status(status));
}

// pipe's and socketpair's descriptors: "[3, 4]"; JSON [3, 4].
void render_fd_pair(const Capture& c, uint64_t raw, DecodedArg& out) {
  int32_t fds[2];
  if (c.data.size() < sizeof(fds)) return set_pointer(out, raw);
  std::memcpy(fds, c.data.data(), sizeof(fds));
  out.kind = Kind::Array;
  for (int32_t fd : fds) set_int(out.items.emplace_back(), fd);
  out.text = fmt::format("[{}, {}]", fds[0], fds[1]);
}

}  // namespace sysray::decode
