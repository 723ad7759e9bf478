// Rendering of one argument for ArgDecoder, by its style's renderer (arg_styles.h): scalars from
// the register, captured objects from the event's capture slots.
#pragma once
#include <cstdint>
#include <string>

#include "decode/arg_decoder.h"
#include "decode/syscall_semantics.h"
#include "trace/syscall_event.h"

namespace sysray::decode {

// Overwrites every field of `out` (it is reused across events).
void render_arg(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw, DecodedArg& out);

// The pieces shared with capture rendering and the special syscalls' decoders.
void set_pointer(DecodedArg& out, uint64_t raw);  // "0x7ffd...", "NULL"
// An address with a count of what is there, strace's "0x7ffd... /* 23 vars */": a Struct of
// {"addr": the pointer, `count_name`: count} for JSON, with `text` as strace prints it.
void set_counted_address(DecodedArg& out, uint64_t raw, const char* count_name, uint64_t count,
                         std::string text);
void set_hex(DecodedArg& out, uint64_t raw);      // "0x1f", "0"
void set_int(DecodedArg& out, int64_t v);
void set_unsigned(DecodedArg& out, uint64_t v);
void set_symbol(DecodedArg& out, uint64_t raw, std::string text);
// A flag set whose rendering may be "0": a number in JSON, not a symbol.
void set_symbol_or_zero(DecodedArg& out, uint64_t raw, std::string text);
// Clears every field, for reuse across events.
void reset_arg(DecodedArg& out);
// Makes `out` a named argument: "name=" before its text, the name kept for JSON.
void set_named(DecodedArg& out, const char* name);
// A Struct's text from its named items: "{a=1, b=2}".
void finish_struct(DecodedArg& out);
// Appends a field to Struct `s`: `set` fills it, then it is named.
template <typename Setter>
void add_field(DecodedArg& s, const char* name, Setter&& set) {
  DecodedArg& f = s.items.emplace_back();
  set(f);
  set_named(f, name);
}
inline void add_unsigned_field(DecodedArg& s, const char* name, uint64_t v) {
  add_field(s, name, [&](DecodedArg& f) { set_unsigned(f, v); });
}
// A signal number: "SIGTERM"; 0 and numbers that are no signal as integers (signal_sets.cpp).
void set_signal(DecodedArg& out, uint64_t raw);

}  // namespace sysray::decode
