#include "decode/arg_render.h"

#include <fmt/format.h>

#include "decode/arg_styles.h"

namespace sysray::decode {

namespace {

using Kind = DecodedArg::Kind;

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

void set_counted_address(DecodedArg& out, uint64_t raw, const char* count_name, uint64_t count,
                         std::string text) {
  out.kind = Kind::Struct;
  out.text = std::move(text);
  DecodedArg& addr = out.items.emplace_back();
  set_pointer(addr, raw);
  addr.name = "addr";
  DecodedArg& n = out.items.emplace_back();
  set_unsigned(n, count);
  n.name = count_name;
}

void reset_arg(DecodedArg& out) {
  out.kind = Kind::Hex;
  out.value = 0;
  out.name = nullptr;
  out.text.clear();
  out.bytes.clear();
  out.truncated = false;
  out.at_exit = false;
  out.joined = false;
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
  const ArgStyleTraits& style = arg_style(spec.style);
  out.at_exit = style.at_exit;
  // Before the call returns, output arguments are only addresses.
  if (style.at_exit && ev.type == SR_REC_SYSCALL_ENTER) return set_pointer(out, raw);
  style.render(ev, spec, raw, out);
}

}  // namespace sysray::decode
