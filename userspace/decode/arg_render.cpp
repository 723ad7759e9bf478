#include "decode/arg_render.h"

#include <fcntl.h>

#include <fmt/format.h>

#include "decode/capture_render.h"
#include "decode/flags.h"
#include "decode/msg_flags.h"

namespace sysray::decode {

namespace {

using Kind = DecodedArg::Kind;

int32_t as_int(uint64_t raw) { return static_cast<int32_t>(static_cast<uint32_t>(raw)); }
uint32_t as_uint(uint64_t raw) { return static_cast<uint32_t>(raw); }

void render_scalar(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw, DecodedArg& out) {
  switch (spec.style) {
    case ArgStyle::Int: return set_int(out, as_int(raw));
    case ArgStyle::Long: return set_int(out, static_cast<int64_t>(raw));
    case ArgStyle::Unsigned: return set_unsigned(out, as_uint(raw));
    case ArgStyle::ULong: return set_unsigned(out, raw);
    case ArgStyle::Pointer: return set_pointer(out, raw);
    case ArgStyle::Dirfd:
      if (as_int(raw) != AT_FDCWD) return set_int(out, as_int(raw));
      return set_symbol(out, as_int(raw), format_dirfd(AT_FDCWD));
    case ArgStyle::OpenFlags: return set_symbol(out, raw, format_open_flags(as_uint(raw)));
    case ArgStyle::Mode:
    case ArgStyle::OpenMode: return set_symbol(out, raw, format_mode(raw & 0xffff));  // umode_t
    case ArgStyle::SockDomain: return set_symbol(out, raw, format_socket_domain(as_uint(raw)));
    case ArgStyle::SockType: return set_symbol(out, raw, format_socket_type(as_uint(raw)));
    case ArgStyle::SockProtocol:
      return set_symbol_or_zero(out, raw,
                                format_socket_protocol(as_uint(ev.args[spec.ref]), as_uint(raw)));
    case ArgStyle::SockFlags:
      return set_symbol_or_zero(out, raw, format_accept_flags(as_uint(raw)));
    case ArgStyle::MsgFlags: return set_symbol_or_zero(out, raw, format_msg_flags(as_uint(raw)));
    case ArgStyle::MmapProt: return set_symbol(out, raw, format_mmap_prot(raw));
    case ArgStyle::MmapFlags: return set_symbol(out, raw, format_mmap_flags(raw));
    case ArgStyle::CloneFlags: return set_symbol(out, raw, format_clone_flags(raw));
    case ArgStyle::AtFlags: return set_symbol_or_zero(out, raw, format_at_flags(as_uint(raw)));
    case ArgStyle::AccessMode: return set_symbol(out, raw, format_access_mode(as_uint(raw)));
    case ArgStyle::WaitOptions: return set_symbol_or_zero(out, raw, format_wait_options(as_uint(raw)));
    case ArgStyle::AccessAtFlags:
      return set_symbol_or_zero(out, raw, format_access_at_flags(as_uint(raw)));
    case ArgStyle::ClockId: return set_symbol(out, raw, format_clock_id(raw));
    case ArgStyle::TimerFlags: return set_symbol_or_zero(out, raw, format_timer_flags(raw));
    case ArgStyle::StatxFlags: return set_symbol(out, raw, format_statx_flags(as_uint(raw)));
    case ArgStyle::StatxMask: return set_symbol_or_zero(out, raw, format_statx_mask(as_uint(raw)));
    case ArgStyle::FdFlags: return set_symbol_or_zero(out, raw, format_fd_flags(as_uint(raw)));
    case ArgStyle::EventfdFlags:
      return set_symbol_or_zero(out, raw, format_eventfd_flags(as_uint(raw)));
    case ArgStyle::EpollFlags: return set_symbol_or_zero(out, raw, format_epoll_flags(as_uint(raw)));
    case ArgStyle::Whence: return set_symbol(out, raw, format_whence(as_uint(raw)));
    case ArgStyle::FadviseAdvice: return set_symbol(out, raw, format_fadvise(raw));
    case ArgStyle::FlockOp: return set_symbol_or_zero(out, raw, format_flock_op(as_uint(raw)));
    case ArgStyle::ShutdownHow: return set_symbol(out, raw, format_shutdown_how(raw));
    case ArgStyle::MadviseAdvice: return set_symbol(out, raw, format_madvise(raw));
    case ArgStyle::ArchPrctlCode: return set_symbol(out, raw, format_arch_prctl(raw));
    case ArgStyle::RlimitResource: return set_symbol(out, raw, format_rlimit_resource(raw));
    case ArgStyle::GetrandomFlags:
      return set_symbol_or_zero(out, raw, format_getrandom_flags(raw));
    case ArgStyle::Signal: return set_signal(out, raw);
    case ArgStyle::SigprocmaskHow: return set_symbol(out, raw, format_sigprocmask_how(raw));
    default: return set_hex(out, raw);
  }
}

}  // namespace

void set_hex(DecodedArg& out, uint64_t raw) {
  out.kind = Kind::Hex;
  out.value = static_cast<int64_t>(raw);
  out.text.clear();
  if (raw == 0)
    out.text.push_back('0');  // like C's %#lx, which strace uses
  else
    fmt::format_to(std::back_inserter(out.text), "{:#x}", raw);
}

void set_unsigned(DecodedArg& out, uint64_t v) {
  out.kind = Kind::Unsigned;
  out.value = static_cast<int64_t>(v);
  fmt::format_int f(v);
  out.text.assign(f.data(), f.size());
}

void set_int(DecodedArg& out, int64_t v) {
  out.kind = Kind::Int;
  out.value = v;
  fmt::format_int f(v);
  out.text.assign(f.data(), f.size());
}

void set_symbol(DecodedArg& out, uint64_t raw, std::string text) {
  out.kind = Kind::Symbol;
  out.value = static_cast<int64_t>(raw);
  out.text = std::move(text);
}

// Flag sets print "0" when empty: that is a number, not a symbol, for JSON's sake.
void set_symbol_or_zero(DecodedArg& out, uint64_t raw, std::string text) {
  if (text == "0")
    set_int(out, 0);
  else
    set_symbol(out, raw, std::move(text));
}

void set_pointer(DecodedArg& out, uint64_t raw) {
  out.kind = Kind::Pointer;
  out.value = static_cast<int64_t>(raw);
  out.text.clear();
  if (raw == 0)
    out.text.append("NULL");
  else
    fmt::format_to(std::back_inserter(out.text), "{:#x}", raw);
}

void reset_arg(DecodedArg& out) {
  out.kind = Kind::Hex;
  out.value = 0;
  out.name = nullptr;
  out.text.clear();
  out.bytes.clear();
  out.truncated = false;
  out.at_exit = false;
  out.sockaddr.reset();
  out.items.clear();
}

void set_named(DecodedArg& out, const char* name) {
  out.name = name;
  out.text = fmt::format("{}={}", name, out.text);
}

void finish_struct(DecodedArg& out) {
  out.text = "{";
  for (size_t i = 0; i < out.items.size(); ++i) {
    if (i) out.text += ", ";
    out.text += out.items[i].text;
  }
  out.text += '}';
}

void render_arg(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw, DecodedArg& out) {
  reset_arg(out);
  out.value = static_cast<int64_t>(raw);  // captured arguments keep their pointer here
  out.at_exit = known_at_exit(spec.style);
  if (reads_capture(spec.style))
    render_captured(ev, spec, raw, out);
  else
    render_scalar(ev, spec, raw, out);
}

}  // namespace sysray::decode
