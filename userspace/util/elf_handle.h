// An open libelf descriptor that ends itself (elf_end) when it goes out of scope.
#pragma once
#include <libelf.h>

#include <memory>

namespace sysray {

struct ElfCloser {
  void operator()(Elf* e) const { elf_end(e); }
};
using ElfHandle = std::unique_ptr<Elf, ElfCloser>;

}  // namespace sysray
