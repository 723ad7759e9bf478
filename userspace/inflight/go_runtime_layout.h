// Where a Go program keeps its goroutines, read from its binary: the addresses of runtime.allgs
// (a []*runtime.g) and runtime.waitReasonStrings (the wait reasons as Go prints them) from the
// ELF symbol table, and the offsets of the runtime.g, runtime.gobuf and runtime.m fields
// `inflight` reads from the DWARF type information (as debuggers such as Delve do), so that
// each Go version's own layout is used.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace sysray {

struct GoRuntimeLayout {
  uint64_t allgs = 0;              // &runtime.allgs
  uint64_t wait_reasons = 0;       // &runtime.waitReasonStrings[0]
  uint64_t wait_reason_count = 0;
  uint64_t g_size = 0;             // sizeof(runtime.g)
  // Offsets in runtime.g.
  uint64_t goid = 0, atomicstatus = 0, waitreason = 0, waitsince = 0, sched = 0, syscallsp = 0,
           syscallpc = 0, gopc = 0, m = 0, lockedm = 0;
  // Offsets in runtime.gobuf (g.sched) and runtime.m.
  uint64_t gobuf_sp = 0, gobuf_pc = 0, m_procid = 0;
  // A position-independent build runs where the kernel put it: runtime address = link-time
  // address (the symbols above, .gopclntab's pcs) + load_bias, which relocate_for() finds.
  bool position_independent = false;
  uint64_t first_load_vaddr = 0;  // of the PT_LOAD at file offset 0
  uint64_t load_bias = 0;

  // nullopt (and `why`) for a binary without them: not Go, or stripped of symbols or DWARF.
  static std::optional<GoRuntimeLayout> load(const std::string& path, std::string* why);
  // Sets load_bias from where process `pid` mapped its executable (/proc/PID/maps); false
  // when that mapping is not found. Nothing to do for a fixed-address build.
  bool relocate_for(int pid);
};

}  // namespace sysray
