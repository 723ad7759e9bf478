#include "stacks/source_line.h"

namespace sysray::stacks {

namespace {

// The compile unit covering `vaddr`: .debug_aranges when present, else each unit's own ranges
// (GCC does not always emit aranges).
bool unit_of(Dwarf* dwarf, uint64_t vaddr, Dwarf_Die& cu) {
  if (dwarf_addrdie(dwarf, vaddr, &cu)) return true;
  Dwarf_CU* unit = nullptr;
  Dwarf_Die die;
  while (dwarf_get_units(dwarf, unit, &unit, nullptr, nullptr, &die, nullptr) == 0)
    if (dwarf_haspc(&die, vaddr) > 0) {
      cu = die;
      return true;
    }
  return false;
}

}  // namespace

std::optional<SourceLine> source_line(Dwarf* dwarf, uint64_t vaddr) {
  if (!dwarf) return std::nullopt;
  Dwarf_Die cu;
  if (!unit_of(dwarf, vaddr, cu)) return std::nullopt;
  Dwarf_Line* line = dwarf_getsrc_die(&cu, vaddr);
  if (!line) return std::nullopt;
  const char* file = dwarf_linesrc(line, nullptr, nullptr);
  int lineno = 0;
  if (!file || dwarf_lineno(line, &lineno) != 0) return std::nullopt;
  return SourceLine{file, lineno};
}

}  // namespace sysray::stacks
