#include "kernel/kernel_symbols.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace sysray {

KernelSymbols KernelSymbols::from_proc() {
  std::ifstream in("/proc/kallsyms");
  if (!in) return KernelSymbols();
  return KernelSymbols(in);
}

KernelSymbols::KernelSymbols(std::istream& in) {
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string addr_text, type, name, module;
    if (!(fields >> addr_text >> type >> name)) continue;
    // Text symbols: t/T, and weak ones (w/W) that name code.
    if (type != "t" && type != "T" && type != "w" && type != "W") continue;
    uint64_t addr = 0;
    auto parsed = std::from_chars(addr_text.data(), addr_text.data() + addr_text.size(), addr, 16);
    if (parsed.ec != std::errc() || addr == 0) continue;  // 0: hidden (no privileges)
    if (fields >> module && module.size() > 2 && module.front() == '[')
      module = module.substr(1, module.size() - 2);
    else
      module.clear();
    symbols_.push_back({addr, std::move(name), std::move(module)});
  }
  std::stable_sort(symbols_.begin(), symbols_.end(),
                   [](const Symbol& a, const Symbol& b) { return a.addr < b.addr; });
}

KernelFrame KernelSymbols::frame(uint64_t addr) const {
  KernelFrame f;
  f.addr = addr;
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), addr,
                             [](uint64_t a, const Symbol& s) { return a < s.addr; });
  if (it == symbols_.begin()) return f;
  --it;
  f.symbol = it->name;
  f.offset = addr - it->addr;
  f.module = it->module;
  return f;
}

}  // namespace sysray
