#include "stacks/frame_format.h"

#include <fmt/format.h>

namespace sysray::stacks {

std::string strace_line(const Frame& f, bool source_lines) {
  if (f.object.empty()) return fmt::format(" > unexpected_backtracing_error [{:#x}]", f.addr);
  if (f.symbol.empty()) return fmt::format(" > {}() [{:#x}]", f.object, f.offset);
  std::string line = fmt::format(" > {}({}+{:#x}) [{:#x}]", f.object, f.symbol, f.symbol_offset, f.offset);
  if (source_lines && !f.file.empty()) line += fmt::format(" {}:{}", f.file, f.line);
  return line;
}

nlohmann::ordered_json frame_json(const Frame& f) {
  nlohmann::ordered_json j = {{"addr", fmt::format("{:#x}", f.addr)}};
  if (!f.object.empty()) {
    j["object"] = f.object;
    j["offset"] = fmt::format("{:#x}", f.offset);
  }
  if (!f.symbol.empty()) {
    j["symbol"] = f.symbol;
    j["symbol_offset"] = f.symbol_offset;
  }
  if (!f.file.empty()) {
    j["file"] = f.file;
    j["line"] = f.line;
  }
  return j;
}

}  // namespace sysray::stacks
