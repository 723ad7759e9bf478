// Number-to-name tables and strace's two ways of printing through them: one value
// ("IPPROTO_TCP", "0x7 /* IPPROTO_??? */") and a set of flags ("O_CREAT|O_TRUNC|0x4").
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sysray::decode {

struct XlatEntry {
  uint64_t value;
  const char* name;
};

#define SR_XLAT(x) ::sysray::decode::XlatEntry{static_cast<uint64_t>(x), #x}

// The entry named for `value`, or nullptr.
const char* xlat_lookup(std::span<const XlatEntry> table, uint64_t value);

// The name of `value`, or strace's "0x2e /* AF_??? */" when the table has none
// (`unknown` is the "AF_???" part).
std::string xlat_value(std::span<const XlatEntry> table, uint64_t value, const char* unknown);

// Names of the entries wholly contained in `flags`, in table order (so an entry of several bits,
// such as O_SYNC, must come before its parts), joined by '|'. Bits no entry names follow as one
// hex number; when nothing was named that number carries strace's "/* O_??? */" comment, if
// `unknown` is given. "" when `flags` is 0: callers print their own zero ("0", "PROT_NONE").
std::string xlat_flags(std::span<const XlatEntry> table, uint64_t flags, const char* unknown);

// C's %#x, which strace uses for numbers in hex: "0x1f", and "0" without "0x".
std::string c_hex(uint64_t v);

// xlat_flags, with "0" for an empty set (as strace prints most flag sets).
std::string xlat_flags_or_zero(std::span<const XlatEntry> table, uint64_t flags,
                               const char* unknown);

// Appends `part` to `out` with a '|' between them when both are non-empty.
void append_flag(std::string& out, std::string_view part);

}  // namespace sysray::decode
