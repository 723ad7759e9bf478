#include "format/stack_format.h"

#include <iterator>

#include "format/json_escape.h"

namespace sysray {

std::string strace_frame_line(const StackFrame& f, bool source_lines) {
  std::string line;
  if (f.object.empty())
    line = fmt::format(" > unexpected_backtracing_error [0x{:x}]", f.addr);
  else if (f.symbol.empty())
    line = fmt::format(" > {}() [0x{:x}]", f.object, f.offset);
  else
    line = fmt::format(" > {}({}+0x{:x}) [0x{:x}]", f.object, f.symbol, f.symbol_offset, f.offset);
  if (source_lines && !f.file.empty()) line += fmt::format(" {}:{}", f.file, f.line);
  return line;
}

std::string frame_function_name(const StackFrame& f) {
  if (!f.symbol.empty()) return f.symbol;
  if (!f.object.empty()) return fmt::format("{}+0x{:x}", f.object, f.offset);
  return fmt::format("0x{:x}", f.addr);
}

void append_stack_lines(fmt::memory_buffer& buf, const std::vector<StackFrame>& frames,
                        bool source_lines) {
  for (const StackFrame& f : frames) {
    std::string line = strace_frame_line(f, source_lines);
    buf.append(line.data(), line.data() + line.size());
    buf.push_back('\n');
  }
}

void append_json_stack(fmt::memory_buffer& buf, const std::vector<StackFrame>& frames, const char* key) {
  auto out = std::back_inserter(buf);
  fmt::format_to(out, "\"{}\":[", key);
  for (size_t i = 0; i < frames.size(); ++i) {
    const StackFrame& f = frames[i];
    fmt::format_to(out, "{}{{\"addr\":\"0x{:x}\"", i ? "," : "", f.addr);
    if (!f.object.empty()) {
      fmt::format_to(out, ",\"object\":");
      append_json_string(buf, f.object);
      fmt::format_to(out, ",\"offset\":\"0x{:x}\"", f.offset);
    }
    if (!f.symbol.empty()) {
      fmt::format_to(out, ",\"symbol\":");
      append_json_string(buf, f.symbol);
      fmt::format_to(out, ",\"symbol_offset\":{}", f.symbol_offset);
    }
    if (!f.file.empty()) {
      fmt::format_to(out, ",\"file\":");
      append_json_string(buf, f.file);
      fmt::format_to(out, ",\"line\":{}", f.line);
    }
    buf.push_back('}');
  }
  buf.push_back(']');
}

}  // namespace sysray
