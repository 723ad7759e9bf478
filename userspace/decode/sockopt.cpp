// setsockopt(2) and getsockopt(2) as strace 6.1 prints them: level and option names
// (sockopt_names.cpp), and the option's value: "[1]" for an int, "{l_onoff=1, l_linger=0}" for
// SO_LINGER, else the bytes.
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/sockopt_names.h"
#include "decode/special_syscalls.h"
#include "decode/string_escape.h"

namespace sysray::decode {
namespace {

using Kind = DecodedArg::Kind;

int32_t int_at(const std::string& bytes, size_t off) {
  int32_t v;
  std::memcpy(&v, bytes.data() + off, sizeof(v));
  return v;
}

void set_bracketed_int(DecodedArg& out, int32_t v) {
  set_int(out, v);
  out.text = fmt::format("[{}]", v);
}

// struct linger: "{l_onoff=1, l_linger=0}", "{l_onoff=1}" when only the first int is there.
void set_linger(DecodedArg& out, const std::string& bytes, size_t len) {
  out.kind = Kind::Struct;
  const char* names[] = {"l_onoff", "l_linger"};
  for (size_t i = 0; i < 2 && (i + 1) * 4 <= len; ++i) {
    DecodedArg& f = out.items.emplace_back();
    set_int(f, int_at(bytes, i * 4));
    set_named(f, names[i]);
  }
  finish_struct(out);
}

void set_bytes(DecodedArg& out, const Capture& c, size_t len) {
  out.kind = Kind::Buffer;
  out.truncated = len > c.data.size();
  out.text = quote_bytes(c.data, out.truncated);
  out.bytes = c.data;
}

// The option's value: `len` is optlen (setsockopt) or what getsockopt wrote back into it.
void set_optval(DecodedArg& out, bool setting, int level, int optname, uint64_t ptr,
                const Capture& c, int64_t len) {
  if (ptr == 0) return set_pointer(out, 0);
  if (c.flags & SR_CAPF_FAULT || len <= 0) return set_pointer(out, ptr);
  size_t have = c.data.size();
  if (level == SOL_SOCKET && optname == SO_LINGER) {
    // setsockopt needs the whole struct; getsockopt shows what it got.
    if ((setting && len >= 8 && have >= 8) || (!setting && len >= 4 && have >= 4))
      return set_linger(out, c.data, std::min<size_t>(have, len));
    return set_pointer(out, ptr);
  }
  if (setting && is_int_socket_option(level, optname)) {
    if (len >= 4 && have >= 4) return set_bracketed_int(out, int_at(c.data, 0));
    return set_pointer(out, ptr);
  }
  if (len == 4 && have >= 4) return set_bracketed_int(out, int_at(c.data, 0));
  if (have == 0) return set_pointer(out, ptr);  // -s 0
  set_bytes(out, c, static_cast<size_t>(len));
}

DecodedArg& arg(std::vector<DecodedArg>& out, size_t i) {
  reset_arg(out[i]);
  return out[i];
}

// fd, level and option name: the same for both calls.
void decode_head(const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  out.resize(5);
  int level = static_cast<int32_t>(ev.args[1]);
  int optname = static_cast<int32_t>(ev.args[2]);
  set_int(arg(out, 0), static_cast<int32_t>(ev.args[0]));
  DecodedArg& l = arg(out, 1);
  set_symbol(l, ev.args[1], sockopt_level_text(level));
  DecodedArg& o = arg(out, 2);
  o.value = optname;
  o.text = sockopt_name_text(level, optname);
  o.kind = o.text == std::to_string(optname) ? Kind::Int : Kind::Symbol;
}

bool usable(const Capture& c) { return c.read == SR_READ_BYTES && !(c.flags & SR_CAPF_FAULT); }

}  // namespace

// setsockopt(5, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8): the value read at enter
// (capture 0, up to -s bytes).
void decode_setsockopt(const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  decode_head(ev, out);
  int32_t len = static_cast<int32_t>(ev.args[4]);
  DecodedArg& v = arg(out, 3);
  v.value = static_cast<int64_t>(ev.args[3]);
  if (usable(ev.cap[0]) || ev.args[3] == 0)
    set_optval(v, true, static_cast<int32_t>(ev.args[1]), static_cast<int32_t>(ev.args[2]),
               ev.args[3], ev.cap[0], len);
  else
    set_pointer(v, ev.args[3]);
  set_int(arg(out, 4), len);
}

// getsockopt(3, SOL_SOCKET, SO_RCVBUF, [131072], [4]): optlen as it went in (capture 0, read
// at enter) and, when the kernel changed it, as it came back: "[8 => 4]"; the value (capture
// 1) read at exit, as long as optlen says. Both are outputs: shown once the call returned.
void decode_getsockopt(const SyscallEvent& ev, std::vector<DecodedArg>& out) {
  decode_head(ev, out);
  bool returned = ev.type != SR_REC_SYSCALL_ENTER;
  const Capture& in = ev.cap[0];
  const Capture& val = ev.cap[1];
  bool ok = returned && syscall_error(ev) == 0 && usable(val);
  DecodedArg& v = arg(out, 3);
  v.at_exit = true;
  if (ok)
    set_optval(v, false, static_cast<int32_t>(ev.args[1]), static_cast<int32_t>(ev.args[2]),
               ev.args[3], val, val.full_len);
  else
    set_pointer(v, ev.args[3]);
  v.at_exit = true;
  DecodedArg& l = arg(out, 4);
  if (!returned || ev.args[4] == 0 || !usable(in) || in.data.size() < 4) {
    set_pointer(l, ev.args[4]);
  } else {
    int32_t before = int_at(in.data, 0);
    int32_t after = ok ? static_cast<int32_t>(val.full_len) : before;
    set_int(l, after);
    l.text = before == after ? fmt::format("[{}]", before) : fmt::format("[{} => {}]", before, after);
  }
  l.at_exit = true;
}

}  // namespace sysray::decode
