// trace -k's output of one frame: strace -k's text line and the JSON object (docs/STACKS.md).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "stacks/symbolizer.h"

namespace sysray::stacks {

// As strace's src/unwind.c prints it (without the newline):
//   " > /usr/lib/x86_64-linux-gnu/libc.so.6(__socket+0x7) [0x10adc7]"
//   " > /path() [0x1234]"                          no symbol (or [vdso])
//   " > unexpected_backtracing_error [0x7f...]"    in no executable mapping (the absolute pc)
// With `source_lines`, " FILE:LINE" follows a named frame whose line is known.
std::string strace_line(const Frame& f, bool source_lines = false);

// {"addr":"0x7f..","object":"...","offset":"0x10adc7","symbol":"__socket","symbol_offset":7,
//  "file":"...","line":N}: object and offset, symbol and symbol_offset, file and line each only
// when known.
nlohmann::ordered_json frame_json(const Frame& f);

}  // namespace sysray::stacks
