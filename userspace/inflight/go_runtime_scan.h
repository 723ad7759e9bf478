// Finds runtime variables of a stripped Go program in its memory, by what they hold rather than
// by name: nothing else in a Go binary names them once its symbols are gone.
#pragma once
#include <cstdint>
#include <optional>

#include "inflight/go_struct_offsets.h"
#include "inflight/process_memory.h"
#include "stacks/go_pclntab.h"

namespace sysray {

// runtime.allgs: the one slice header in [start, start + size) (the runtime's .bss) whose
// elements are goroutines, the first being main's (goid 1: allgs grows from the first
// goroutine the runtime creates) and each a plausible g (a known status, a positive goid, no
// goid twice). Its runtime address; nullopt when there is no such slice or more than one.
std::optional<uint64_t> find_allgs(const ProcessMemory& mem, uint64_t start, uint64_t size,
                                   const GoStructOffsets& layout);

// runtime.waitReasonStrings: the array of Go strings in [start, start + size) (the runtime's
// .data) that begins "", "GC assist marking", "IO wait", as it has since Go 1.14. Its runtime
// address and how many strings follow in it.
struct GoStringArray {
  uint64_t addr = 0, count = 0;
};
std::optional<GoStringArray> find_wait_reason_strings(const ProcessMemory& mem, uint64_t start,
                                                      uint64_t size);

// runtime.firstmoduledata's gofunc (the base the inline trees' funcdata offsets count from):
// the moduledata in [start, start + size) (the runtime's .noptrdata) is the one whose ftab has
// the function table's nfunc + 1 entries and whose minpc and maxpc are its first and last pcs
// (plus `load_bias`). Its runtime value; nullopt when not found.
std::optional<uint64_t> find_gofunc(const ProcessMemory& mem, uint64_t start, uint64_t size,
                                    const GoStructOffsets& layout, const stacks::GoPclntab& table,
                                    uint64_t load_bias);

}  // namespace sysray
