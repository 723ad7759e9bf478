// Where a Go program keeps its goroutines, read from its binary: the addresses of runtime.allgs
// (a []*runtime.g) and runtime.waitReasonStrings (the wait reasons as Go prints them) from the
// ELF symbol table, and the offsets of the runtime.g, runtime.gobuf and runtime.m fields
// `inflight` reads from the DWARF type information (as debuggers such as Delve do), so that
// each Go version's own layout is used. A stripped binary (`-ldflags=-s -w`, `strip`) has
// neither: the offsets then come from the layouts of the Go releases sysray knows (by the
// version in .go.buildinfo), and the two variables are found in the running process's memory
// (find_runtime_variables).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "inflight/go_struct_offsets.h"
#include "inflight/process_memory.h"
#include "stacks/go_pclntab.h"

namespace sysray {

struct GoRuntimeLayout : GoStructOffsets {
  // Link-time addresses (see load_bias); 0 until found when the binary has no symbols.
  uint64_t allgs = 0;              // &runtime.allgs
  uint64_t wait_reasons = 0;       // &runtime.waitReasonStrings[0]
  uint64_t wait_reason_count = 0;
  std::string go_version;          // "go1.19.8" from .go.buildinfo; empty when not there
  // Where the variables are when no symbol says: .bss holds allgs, .data the strings.
  struct Section {
    uint64_t addr = 0, size = 0;  // link-time
  };
  Section bss, data, noptrdata;  // noptrdata: runtime.firstmoduledata, for gofunc
  // The base of the inline trees (moduledata.gofunc), link-time; 0: inlined frames not shown.
  uint64_t gofunc = 0;
  // A position-independent build runs where the kernel put it: runtime address = link-time
  // address (the symbols above, .gopclntab's pcs) + load_bias, which relocate_for() finds.
  bool position_independent = false;
  uint64_t first_load_vaddr = 0;  // of the PT_LOAD at file offset 0
  uint64_t load_bias = 0;

  // nullopt (and `why`) for a binary that is not Go, or whose runtime layout sysray cannot
  // know (no DWARF, and a Go release it has no layout for).
  static std::optional<GoRuntimeLayout> load(const std::string& path, std::string* why);
  // Sets load_bias from where process `pid` mapped its executable (/proc/PID/maps); false
  // when that mapping is not found. Nothing to do for a fixed-address build.
  bool relocate_for(int pid);
  // Finds, in the running process, what the binary had no symbol for (after relocate_for), and
  // the module's gofunc (for inlined frames); false (and `why`) when allgs is not found. Wait
  // reasons not found print as Go's states; no gofunc, no inlined frames.
  bool find_runtime_variables(const ProcessMemory& mem, const stacks::GoPclntab& table,
                              std::string* why);
};

}  // namespace sysray
