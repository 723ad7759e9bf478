// Kernel addresses named from /proc/kallsyms (function symbols only), as "schedule+0x3d": the
// names bpftrace's kstack and perf print. Reading the addresses needs root (kptr_restrict).
#pragma once
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace sysray {

struct KernelFrame {
  uint64_t addr = 0;
  std::string symbol;  // "" when no symbol precedes the address closely enough (frame())
  uint64_t offset = 0;
  std::string module;  // "" for the kernel image, else the module's name
};

class KernelSymbols {
 public:
  // Reads /proc/kallsyms; empty (every frame unnamed) when it cannot be read or hides addresses.
  static KernelSymbols from_proc();
  // No symbols: for a command that names no kernel frame this time.
  static KernelSymbols none() { return KernelSymbols(); }
  // Reads kallsyms-formatted text ("ffffffff81000000 T _stext", "... t foo\t[mod]").
  explicit KernelSymbols(std::istream& in);

  KernelFrame frame(uint64_t addr) const;
  bool empty() const { return symbols_.empty(); }
  // When empty, says once on stderr that kernel frames will show as addresses, and why.
  void say_if_hidden() const;

 private:
  KernelSymbols() = default;
  void add_line(std::string_view line);  // one kallsyms line; ignored unless a named text symbol
  void sort();
  struct Symbol {
    uint64_t addr;
    std::string name;
    std::string module;
  };
  std::vector<Symbol> symbols_;  // sorted by address
};

}  // namespace sysray
