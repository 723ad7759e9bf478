#include "format/kernel_frame.h"

#include <fmt/format.h>

namespace sysray {

std::string kernel_frame_label(const KernelFrame& f) {
  if (f.symbol.empty()) return fmt::format("0x{:x}", f.addr);
  std::string s = fmt::format("{}+0x{:x}", f.symbol, f.offset);
  if (!f.module.empty()) s += fmt::format(" [{}]", f.module);
  return s;
}

std::string kernel_frame_function(const KernelFrame& f) {
  return f.symbol.empty() ? fmt::format("0x{:x}", f.addr) : f.symbol;
}

}  // namespace sysray
