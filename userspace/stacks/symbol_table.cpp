#include "stacks/symbol_table.h"

#include <gelf.h>

#include <algorithm>
#include <cstring>

namespace sysray::stacks {

SymbolTable SymbolTable::read(Elf* elf, uint64_t file_size) {
  SymbolTable table;
  table.max_distance_ = file_size;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) || !sh.sh_entsize)
      continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (!data) continue;
    size_t count = sh.sh_size / sh.sh_entsize;
    for (size_t i = 0; i < count; ++i) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym)) break;
      if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF) continue;
      const char* name = elf_strptr(elf, sh.sh_link, sym.st_name);
      if (!name) continue;
      size_t len = std::strlen(name);
      table.symbols_.push_back({sym.st_value, static_cast<uint32_t>(table.names_.size()), static_cast<uint32_t>(len)});
      table.names_.append(name, len);
    }
  }
  std::stable_sort(table.symbols_.begin(), table.symbols_.end(),
                   [](const Symbol& a, const Symbol& b) { return a.addr < b.addr; });
  return table;
}

std::optional<SymbolTable::Hit> SymbolTable::nearest(uint64_t vaddr) const {
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), vaddr,
                             [](uint64_t a, const Symbol& s) { return a < s.addr; });
  if (it == symbols_.begin()) return std::nullopt;
  uint64_t at = std::prev(it)->addr;
  if (vaddr - at >= max_distance_) return std::nullopt;
  // The first of the symbols at that address.
  auto first = std::lower_bound(symbols_.begin(), it, at, [](const Symbol& s, uint64_t a) { return s.addr < a; });
  return Hit{std::string_view(names_).substr(first->name, first->length), at};
}

}  // namespace sysray::stacks
