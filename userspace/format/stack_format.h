// trace -k's frames as strace -k prints them, and as the JSON "stack" array (docs/JSON.md).
#pragma once
#include <string>
#include <vector>

#include <fmt/format.h>

#include "trace/user_stack_frames.h"

namespace sysray {

// strace's line for a frame: " > /usr/lib/x86_64-linux-gnu/libc.so.6(__socket+0x7) [0x10adc7]",
// " > /path() [0x1234]" without a symbol ("[vdso]() [0xc01]"), " > unexpected_backtracing_error
// [0x7f...]" outside any known mapping (strace 6.1's libunwind words); -kk adds " FILE:LINE" where the object has line info.
std::string strace_frame_line(const StackFrame& f, bool source_lines);

// A frame by the name people know it by (a flame graph's frame): the function, else where it
// is in its object ("/usr/bin/app+0x1234"), else the bare address.
std::string frame_function_name(const StackFrame& f);

// One such line per frame, each ending in a newline.
void append_stack_lines(fmt::memory_buffer& buf, const std::vector<StackFrame>& frames,
                        bool source_lines);

// `"stack":[{"addr":"0x7f..","object":"...","offset":"0x10adc7","symbol":"__socket",
// "symbol_offset":7,"file":"...","line":N},...]`, innermost first; object, symbol and
// symbol_offset, file and line only when known. `key`: the member's name.
void append_json_stack(fmt::memory_buffer& buf, const std::vector<StackFrame>& frames,
                       const char* key = "stack");

}  // namespace sysray
