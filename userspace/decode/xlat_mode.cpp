#include "decode/xlat_mode.h"

#include <cstring>

#include <fmt/format.h>

#include "decode/xlat.h"
#include "util/user_error.h"

namespace sysray::decode {

XlatMode parse_xlat_mode(std::string_view name) {
  if (name == "abbrev") return XlatMode::Abbrev;
  if (name == "raw") return XlatMode::Raw;
  if (name == "verbose") return XlatMode::Verbose;
  throw UserError(fmt::format("unknown -X '{}' (known: raw abbrev verbose)", name));
}

namespace {

// As strace prints the number behind a constant: negative ones (AT_FDCWD) in decimal, the
// others in hex; an int argument's register holds it in its low 32 bits.
std::string number(int64_t value) {
  if (value < 0 && value >= INT32_MIN) return std::to_string(value);
  uint64_t v = static_cast<uint64_t>(value);
  if ((v >> 32) == 0xffffffffu) v &= 0xffffffffu;
  return c_hex(v);
}

}  // namespace

void apply_xlat_mode(XlatMode mode, std::vector<DecodedArg>& args) {
  if (mode == XlatMode::Abbrev) return;
  for (DecodedArg& a : args) {
    if (a.kind != DecodedArg::Kind::Symbol) continue;
    // A named argument (clone's "flags=CLONE_VM|..."): the name stays.
    size_t name_len = a.name ? std::strlen(a.name) + 1 : 0;
    std::string symbol = a.text.substr(name_len);
    std::string text = number(a.value);
    if (mode == XlatMode::Verbose && symbol != text) text += " /* " + symbol + " */";
    a.text = a.text.substr(0, name_len) + text;
  }
}

}  // namespace sysray::decode
