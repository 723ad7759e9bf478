// The runtime.g, runtime.gobuf and runtime.m fields `inflight` reads, as offsets: from the
// binary's DWARF when it has some, else from the layouts of the Go versions sysray knows
// (the version is in the binary's .go.buildinfo, which stripping keeps).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sysray {

struct GoStructOffsets {
  uint64_t g_size = 0;  // sizeof(runtime.g)
  // Offsets in runtime.g.
  uint64_t goid = 0, atomicstatus = 0, waitreason = 0, waitsince = 0, sched = 0, syscallsp = 0,
           syscallpc = 0, gopc = 0, m = 0, lockedm = 0;
  // Offsets in runtime.gobuf (g.sched) and runtime.m.
  uint64_t gobuf_sp = 0, gobuf_pc = 0, m_procid = 0;
  // Inlined frames: offsets in runtime.moduledata (its ftab slice, minpc, maxpc, by which it is
  // found in memory; gofunc, the base of the inline trees) and in runtime.inlinedCall (an entry
  // of a function's inline tree: the inlined function's name offset and the pc of the call in
  // its parent). inl_size 0: the release's inline trees are not read.
  uint64_t md_ftab = 0, md_minpc = 0, md_maxpc = 0, md_gofunc = 0;
  uint64_t inl_size = 0, inl_name = 0, inl_parent_pc = 0;

  bool operator==(const GoStructOffsets&) const = default;
};

// runtime.g.atomicstatus: _Gidle (0) .. _Gpreempted (9), with _Gscan (0x1000) while the
// garbage collector scans the goroutine's stack.
constexpr uint32_t kGoStatusScanBit = 0x1000;
constexpr uint32_t kGoStatusDead = 6;
constexpr uint32_t kGoStatusLast = 9;

// The layout of a Go release sysray knows, by the version string a binary carries
// ("go1.19.8"); nullopt for others.
std::optional<GoStructOffsets> known_go_offsets(std::string_view version);
// The releases known_go_offsets() knows, for messages: "go1.19".
std::string known_go_releases();

}  // namespace sysray
