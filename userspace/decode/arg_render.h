// Rendering of one argument for ArgDecoder: scalars from the register, captured objects from
// the event's capture slots.
#pragma once
#include <cstdint>

#include "decode/arg_decoder.h"
#include "decode/syscall_semantics.h"
#include "trace/syscall_event.h"

namespace sysray::decode {

// Overwrites every field of `out` (it is reused across events).
void render_arg(const SyscallEvent& ev, const ArgSpec& spec, uint64_t raw, DecodedArg& out);

// The pieces shared with capture rendering.
void set_pointer(DecodedArg& out, uint64_t raw);  // "0x7ffd...", "NULL"
void set_int(DecodedArg& out, int64_t v);

}  // namespace sysray::decode
