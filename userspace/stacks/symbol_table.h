// trace -k: the function symbols of one ELF file, looked up as strace -k's libunwind (1.6, the
// one strace 6.1 uses on Debian 12) looks them up, so that the names compare equal: the nearest
// STT_FUNC symbol at or before the address, of .symtab and .dynsym together, whatever its size
// says (a local function of a library that only has .dynsym shows as the exported one before
// it), and of aliases at one address the first in section order (fgets, not _IO_fgets).
#pragma once
#include <libelf.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sysray::stacks {

class SymbolTable {
 public:
  SymbolTable() = default;
  // The symbols of `elf`; `file_size` bounds how far from its symbol an address is still
  // named (libunwind's limit).
  static SymbolTable read(Elf* elf, uint64_t file_size);

  struct Hit {
    std::string_view name;  // mangled, as in the file
    uint64_t addr;          // the symbol's link-time address
  };
  std::optional<Hit> nearest(uint64_t vaddr) const;
  size_t size() const { return symbols_.size(); }

 private:
  struct Symbol {
    uint64_t addr;
    uint32_t name;  // offset in names_
    uint32_t length;
  };
  std::vector<Symbol> symbols_;  // by address; equal addresses in the order met
  std::string names_;
  uint64_t max_distance_ = 0;
};

}  // namespace sysray::stacks
