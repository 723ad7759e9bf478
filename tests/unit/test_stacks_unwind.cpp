// trace -k's unwinder and symbolizer (stacks/unwinder.h, stacks/symbolizer.h) on real stacks:
// this process snapshots itself deep in a call chain that goes through glibc's qsort (no frame
// pointers there: only DWARF CFI gets through), then unwinds the snapshot with its own maps.
#include <catch2/catch.hpp>

#include <dlfcn.h>
#include <dwarf.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "stacks/frame_format.h"
#include "stacks/symbolizer.h"
#include "stacks/unwinder.h"
#include "test_stacks_capture.h"

using namespace sysray::stacks;
using sysray::stacks::test::CapturedStack;

namespace {

const CapturedStack& captured = stacks_test_captured;

std::string lines(const std::vector<Frame>& frames) {
  std::string all;
  for (const Frame& f : frames) all += strace_line(f, true) + "\n";
  return all;
}

}  // namespace

TEST_CASE("stacks: a snapshot taken in a qsort callback unwinds through glibc, named", "[stacks]") {
  stacks_test_outer(stacks_test_leaf);
  auto maps = ProcMaps::read(getpid());
  REQUIRE(maps);
  ObjectCache objects;
  Unwinder unwinder(objects);
  Symbolizer symbolizer(objects, true);
  std::vector<UnwoundFrame> pcs = unwinder.unwind(captured.snapshot(), *maps);
  std::vector<Frame> frames = symbolizer.symbolize(pcs, *maps);
  INFO(lines(frames));
  if (std::getenv("SYSRAY_STACKS_SHOW")) WARN(lines(frames));
  REQUIRE(frames.size() >= 6);
  CHECK(frames[0].symbol == "stacks_test_leaf()");
  CHECK(frames[0].object.find("sysray-unit-tests") != std::string::npos);
  CHECK(frames[0].file.find("test_stacks_chain.cpp") != std::string::npos);
  CHECK(frames[0].line > 0);
  CHECK(frames[1].symbol == "stacks_test_compare(void const*, void const*)");
  // glibc's own frames (msort's, qsort_r's) between the callback and its caller.
  size_t at = 2;
  while (at < frames.size() && frames[at].object.find("/libc.so.6") != std::string::npos) ++at;
  CHECK(at > 2);
  REQUIRE(at + 1 < frames.size());
  CHECK(frames[at].symbol == "stacks_test_sort()");
  CHECK(frames[at + 1].symbol == "stacks_test_outer(void (*)())");
  // Return addresses: the offset into the symbol counts from the pc itself, and the relative
  // address is the pc's place in the file.
  for (const Frame& f : frames) {
    REQUIRE_FALSE(f.object.empty());
    const MapEntry* m = maps->find(f.addr - 1);
    REQUIRE(m);
    CHECK(f.offset == f.addr - m->start + m->offset);
  }

  SECTION("the same stack again comes from the caches") {
    uint64_t rule_misses = unwinder.rule_misses(), name_misses = symbolizer.cache_misses();
    std::vector<Frame> again = symbolizer.symbolize(unwinder.unwind(captured.snapshot(), *maps), *maps);
    CHECK(lines(again) == lines(frames));
    CHECK(unwinder.rule_misses() == rule_misses);
    CHECK(symbolizer.cache_misses() == name_misses);
    CHECK(unwinder.rule_hits() >= frames.size() - 1);
    CHECK(symbolizer.cache_hits() >= frames.size());
  }
  SECTION("a shorter copy gives the same frames, fewer, and never others") {
    for (size_t cut = 0; cut <= captured.bytes.size(); cut += 8) {
      StackSnapshot shorter = captured.snapshot();
      shorter.stack = shorter.stack.first(cut);
      std::vector<UnwoundFrame> some = unwinder.unwind(shorter, *maps);
      REQUIRE(some.size() <= pcs.size());
      for (size_t i = 0; i < some.size(); ++i) REQUIRE(some[i].pc == pcs[i].pc);
    }
    StackSnapshot empty = captured.snapshot();
    empty.stack = {};
    CHECK(unwinder.unwind(empty, *maps).size() == 1);  // the pc alone
  }
  SECTION("the depth is bounded") {
    CHECK(unwinder.unwind(captured.snapshot(), *maps, 3).size() == 3);
    CHECK(unwinder.unwind(captured.snapshot(), *maps, 0).empty());
  }
  SECTION("a pc in no mapping is one frame, printed as strace prints it") {
    StackSnapshot lost = captured.snapshot();
    lost.regs[kRip] = 0x10;
    std::vector<UnwoundFrame> one = unwinder.unwind(lost, *maps);
    REQUIRE(one.size() == 1);
    CHECK(strace_line(symbolizer.symbolize(one[0], *maps)) == " > unexpected_backtracing_error [0x10]");
  }
}

TEST_CASE("stacks: a pc in the vdso is shown as strace shows it", "[stacks]") {
  auto maps = ProcMaps::read(getpid());
  REQUIRE(maps);
  const MapEntry* vdso = nullptr;
  for (const MapEntry& m : maps->entries())
    if (m.path == "[vdso]") vdso = &m;
  if (!vdso) return;  // a kernel without one
  ObjectCache objects;
  ElfObject* image = objects.get(*vdso, getpid());
  REQUIRE(image);
  CHECK(image->has_cfi());  // so that a call made from it unwinds to its caller
  Symbolizer symbolizer(objects);
  Frame f = symbolizer.symbolize(UnwoundFrame{vdso->start + 0xc01, true}, *maps);
  CHECK(strace_line(f) == " > [vdso]() [0xc01]");
}

TEST_CASE("stacks: a deleted library is still named through map_files", "[stacks]") {
  // A copy of libm, loaded, then deleted: its maps lines say " (deleted)".
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("sysray-stacks-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::path copy = dir / "libm-copy.so.6";
  std::filesystem::copy_file("/usr/lib/x86_64-linux-gnu/libm.so.6", copy,
                             std::filesystem::copy_options::overwrite_existing);
  void* lib = dlopen(copy.c_str(), RTLD_NOW | RTLD_LOCAL);
  REQUIRE(lib);
  void* fn = dlsym(lib, "cbrt");
  REQUIRE(fn);
  std::filesystem::remove_all(dir);
  auto maps = ProcMaps::read(getpid());
  REQUIRE(maps);
  ObjectCache objects;
  Symbolizer symbolizer(objects);
  Frame f = symbolizer.symbolize(UnwoundFrame{reinterpret_cast<uint64_t>(fn) + 4, true}, *maps);
  CHECK(f.object == copy.string() + " (deleted)");
  // /proc/PID/map_files opens only with CAP_SYS_ADMIN (sysray runs as root); without it the
  // frame keeps its object and has no name.
  if (geteuid() == 0)
    CHECK(f.symbol.rfind("cbrt", 0) == 0);  // cbrt or an alias (cbrtf64: the first in .dynsym)
  else
    CHECK(f.symbol.empty());
  CHECK(f.symbol_offset == (f.symbol.empty() ? 0 : 4));
  dlclose(lib);
}

TEST_CASE("stacks: DWARF expressions of CFI", "[stacks]") {
  Registers regs;
  regs.set(kRsp, 0x1000);
  regs.set(kRip, 0x401c);  // 12 bytes into a 16-byte PLT entry
  StackSnapshot snap;
  snap.regs[kRsp] = 0x1000;
  std::vector<uint8_t> bytes(32, 0);
  bytes[16] = 0x42;
  snap.stack = bytes;
  // The PLT's CFA: rsp + 8, plus 8 once the entry has pushed (rip & 15 >= 11).
  std::vector<Dwarf_Op> plt = {{DW_OP_breg7, 8, 0, 0}, {DW_OP_breg16, 0, 0, 0}, {DW_OP_lit15, 0, 0, 0},
                               {DW_OP_and, 0, 0, 0},   {DW_OP_lit11, 0, 0, 0},  {DW_OP_ge, 0, 0, 0},
                               {DW_OP_lit3, 0, 0, 0},  {DW_OP_shl, 0, 0, 0},    {DW_OP_plus, 0, 0, 0}};
  CHECK(eval_dwarf_expr(plt, regs, std::nullopt, snap) == 0x1010);
  regs.set(kRip, 0x4006);
  CHECK(eval_dwarf_expr(plt, regs, std::nullopt, snap) == 0x1008);
  // Deref reads the snapshot, and only the snapshot.
  std::vector<Dwarf_Op> load = {{DW_OP_call_frame_cfa, 0, 0, 0}, {DW_OP_plus_uconst, 16, 0, 0}, {DW_OP_deref, 0, 0, 0}};
  CHECK(eval_dwarf_expr(load, regs, 0x1000, snap) == 0x42);
  CHECK_FALSE(eval_dwarf_expr(load, regs, 0x2000, snap));
  CHECK_FALSE(eval_dwarf_expr(load, regs, std::nullopt, snap));
  // An unknown register, an operator CFI never uses: no value.
  std::vector<Dwarf_Op> rbx = {{DW_OP_breg3, 0, 0, 0}};
  CHECK_FALSE(eval_dwarf_expr(rbx, regs, std::nullopt, snap));
  std::vector<Dwarf_Op> odd = {{DW_OP_lit1, 0, 0, 0}, {DW_OP_skip, 0, 0, 0}};
  CHECK_FALSE(eval_dwarf_expr(odd, regs, std::nullopt, snap));
}
