// One frame of a user stack, as trace -k and sockets -k print it (format/stack_format.h).
#pragma once
#include <cstdint>
#include <string>

namespace sysray {

struct StackFrame {
  uint64_t addr = 0;         // the return address (the call site + 1), or the first pc
  std::string object;        // the mapped file; "" when the address is in no known mapping
  uint64_t offset = 0;       // the address in the object's own numbering (strace's [0x...])
  std::string symbol;        // demangled; "" when unknown
  uint64_t symbol_offset = 0;
  std::string file;          // -kk: the source line, when DWARF line info exists
  int line = 0;
};

}  // namespace sysray
