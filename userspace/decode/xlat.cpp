#include "decode/xlat.h"

#include <fmt/format.h>

namespace sysray::decode {

const char* xlat_lookup(std::span<const XlatEntry> table, uint64_t value) {
  for (const XlatEntry& e : table)
    if (e.value == value) return e.name;
  return nullptr;
}

std::string c_hex(uint64_t v) { return v ? fmt::format("{:#x}", v) : "0"; }

std::string xlat_value(std::span<const XlatEntry> table, uint64_t value, const char* unknown) {
  if (const char* name = xlat_lookup(table, value)) return name;
  return fmt::format("{} /* {} */", c_hex(value), unknown);
}

std::string xlat_flags_or_zero(std::span<const XlatEntry> table, uint64_t flags,
                               const char* unknown) {
  return flags ? xlat_flags(table, flags, unknown) : "0";
}

void append_flag(std::string& out, std::string_view part) {
  if (part.empty()) return;
  if (!out.empty()) out += '|';
  out += part;
}

std::string xlat_flags(std::span<const XlatEntry> table, uint64_t flags, const char* unknown) {
  std::string out;
  for (const XlatEntry& e : table) {
    if (e.value == 0 || (flags & e.value) != e.value) continue;
    append_flag(out, e.name);
    flags &= ~e.value;
  }
  if (flags == 0) return out;
  if (out.empty() && unknown) return fmt::format("{:#x} /* {} */", flags, unknown);
  append_flag(out, fmt::format("{:#x}", flags));
  return out;
}

}  // namespace sysray::decode
