// A whole file as GoPclntab::load reads the binaries trace -k and inflight meet: ELF headers,
// sections, symbols and segments (libelf), the table found by section, symbol or header
// signature, then walked. The input is written to a memfd and loaded through its /proc path,
// as load() takes a path.
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int fd = memfd_create("fuzz_go_elf", MFD_CLOEXEC);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))
    __builtin_trap();  // the harness itself failed: say so loudly
  auto table = sysray::stacks::GoPclntab::load(path);
  if (table) sysray::fuzz::walk_go_table(*table);
  return 0;
}
