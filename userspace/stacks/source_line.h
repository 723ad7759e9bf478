// trace -k -kk: the source file and line of an address, from an object's DWARF line tables.
#pragma once
#include <elfutils/libdw.h>

#include <cstdint>
#include <optional>
#include <string>

namespace sysray::stacks {

struct SourceLine {
  std::string file;
  int line = 0;
};

// The line of the instruction at the link-time address `vaddr`; nullopt without line info.
std::optional<SourceLine> source_line(Dwarf* dwarf, uint64_t vaddr);

}  // namespace sysray::stacks
