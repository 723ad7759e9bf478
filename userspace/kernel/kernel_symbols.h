// Kernel addresses named from /proc/kallsyms (function symbols only), as "schedule+0x3d": the
// names bpftrace's kstack and perf print. Reading the addresses needs root (kptr_restrict).
#pragma once
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace sysray {

struct KernelFrame {
  uint64_t addr = 0;
  std::string symbol;  // "" when no symbol precedes the address
  uint64_t offset = 0;
  std::string module;  // "" for the kernel image, else the module's name
};

class KernelSymbols {
 public:
  // Reads /proc/kallsyms; empty (every frame unnamed) when it cannot be read or hides addresses.
  static KernelSymbols from_proc();
  // Reads kallsyms-formatted text ("ffffffff81000000 T _stext", "... t foo\t[mod]").
  explicit KernelSymbols(std::istream& in);

  KernelFrame frame(uint64_t addr) const;
  bool empty() const { return symbols_.empty(); }

 private:
  KernelSymbols() = default;
  struct Symbol {
    uint64_t addr;
    std::string name;
    std::string module;
  };
  std::vector<Symbol> symbols_;  // sorted by address
};

}  // namespace sysray
