#include "kernel/kernel_symbols.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "util/message.h"
#include "util/read_lines.h"

namespace sysray {

KernelSymbols KernelSymbols::from_proc() {
  KernelSymbols syms;
  // Line by line from large reads: iostreams took seconds on the ~150 000 lines under TCG.
  for_each_line("/proc/kallsyms", [&](std::string_view line) { syms.add_line(line); });
  syms.sort();
  return syms;
}

KernelSymbols::KernelSymbols(std::istream& in) {
  std::string line;
  while (std::getline(in, line)) add_line(line);
  sort();
}

void KernelSymbols::add_line(std::string_view line) {
  // "ADDR TYPE NAME" or "ADDR TYPE NAME\t[MODULE]"
  size_t type_at = line.find(' ');
  if (type_at == std::string_view::npos || type_at + 3 > line.size() || line[type_at + 2] != ' ')
    return;
  // Text symbols: t/T, and weak ones (w/W) that name code.
  char type = line[type_at + 1];
  if (type != 't' && type != 'T' && type != 'w' && type != 'W') return;
  uint64_t addr = 0;
  auto parsed = std::from_chars(line.data(), line.data() + type_at, addr, 16);
  if (parsed.ec != std::errc() || addr == 0) return;  // 0: hidden (no privileges)
  std::string_view rest = line.substr(type_at + 3);
  size_t name_end = rest.find_first_of(" \t");
  std::string_view name = rest.substr(0, name_end), module;
  if (name_end != std::string_view::npos) {
    module = rest.substr(name_end + 1);
    module.remove_prefix(std::min(module.find_first_not_of(" \t"), module.size()));
    if (module.size() > 2 && module.front() == '[' && module.back() == ']')
      module = module.substr(1, module.size() - 2);
    else
      module = {};
  }
  symbols_.push_back({addr, std::string(name), std::string(module)});
}

void KernelSymbols::sort() {
  std::stable_sort(symbols_.begin(), symbols_.end(),
                   [](const Symbol& a, const Symbol& b) { return a.addr < b.addr; });
}

void KernelSymbols::say_if_hidden() const {
  // Rather than bare addresses with no word why (README, "Privileges").
  if (empty())
    print_message("kernel frames are shown as addresses: /proc/kallsyms hides them from this "
                  "user (root or CAP_SYSLOG can read them)");
}

KernelFrame KernelSymbols::frame(uint64_t addr) const {
  KernelFrame f;
  f.addr = addr;
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), addr,
                             [](uint64_t a, const Symbol& s) { return a < s.addr; });
  if (it == symbols_.begin()) return f;
  --it;
  // kallsyms gives no sizes: past the last symbol of the kernel's text or of a module's, the
  // previous symbol would claim everything up to the next region. No kernel function is near
  // this long, so an address this far past a symbol stays unnamed.
  constexpr uint64_t kMaxFunctionBytes = 1 << 20;
  if (addr - it->addr >= kMaxFunctionBytes) return f;
  f.symbol = it->name;
  f.offset = addr - it->addr;
  f.module = it->module;
  return f;
}

}  // namespace sysray
