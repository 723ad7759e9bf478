// execve's argv and envp from an SR_READ_ARGV capture (layout in sysray/events.h), and
// getdents64's entry count (SR_READ_RECORDS), printed like envp's.
#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/string_escape.h"

namespace sysray::decode {

using Kind = DecodedArg::Kind;

// ["prog", "arg"]: each string as strace cuts it at -s ("..." after the quote), and ", ..."
// inside the brackets when argv had more elements than were captured.
void render_argv(const Capture& c, uint64_t, DecodedArg& out) {
  out.kind = Kind::Array;
  out.text = "[";
  std::string_view data = c.data;
  while (!data.empty()) {
    bool cut = data[0] != 0;
    size_t end = data.find('\0', 1);
    if (end == std::string_view::npos) end = data.size();  // cannot happen: BPF writes the NUL
    DecodedArg& item = out.items.emplace_back();
    item.kind = Kind::String;
    item.bytes.assign(data.substr(1, end - 1));
    item.truncated = cut;
    item.text = quote_bytes(item.bytes, cut);
    if (out.items.size() > 1) out.text += ", ";
    out.text += item.text;
    out.truncated |= cut;
    data.remove_prefix(std::min(end + 1, data.size()));
  }
  if (c.flags & SR_CAPF_TRUNCATED) {
    out.text += out.items.empty() ? "..." : ", ...";
    out.truncated = true;
  }
  out.text += ']';
}

// "0x7ffd... /* 23 vars */" (strace's default, without -v); "/* 1024+ vars */" when the BPF
// side stopped counting. JSON: {"addr": ..., "vars": 23} (at most SR_ENVP_COUNT_MAX).
void render_envp(const Capture& c, uint64_t raw, DecodedArg& out) {
  bool capped = c.flags & SR_CAPF_CAPPED;
  set_counted_address(out, raw, "vars", c.full_len,
                      fmt::format("{:#x} /* {}{} vars */", raw, c.full_len, capped ? "+" : ""));
}

void render_dirents(const Capture& c, uint64_t raw, DecodedArg& out) {
  bool capped = c.flags & SR_CAPF_CAPPED;
  set_counted_address(out, raw, "entries", c.full_len,
                      fmt::format("{:#x} /* {}{} entries */", raw, c.full_len, capped ? "+" : ""));
}

}  // namespace sysray::decode
