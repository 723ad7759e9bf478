#include "inflight/go_runtime_scan.h"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

namespace sysray {

namespace {

constexpr uint64_t kMaxGoroutines = 1'000'000;
constexpr uint64_t kElementsChecked = 16;  // of a candidate allgs: enough to rule out look-alikes
constexpr uint64_t kMaxWaitReasons = 256;  // waitreason is a uint8
constexpr uint64_t kMaxReasonLength = 64;

// Is the g at `addr` a goroutine: readable, a known status, a goid in range?
std::optional<uint64_t> goid_of(const ProcessMemory& mem, uint64_t addr, const GoStructOffsets& l) {
  if (!addr || addr % 8) return std::nullopt;
  std::string g = mem.read(addr, l.g_size);
  if (g.size() != l.g_size) return std::nullopt;
  auto status = static_cast<uint32_t>(word_at(g, l.atomicstatus, 4)) & ~kGoStatusScanBit;
  uint64_t goid = word_at(g, l.goid);
  // A g is in allgs (dead) a moment before it gets its goid.
  bool numbered = goid != 0 || status == kGoStatusDead;
  if (status > kGoStatusLast || !numbered || goid > (uint64_t{1} << 48)) return std::nullopt;
  return goid;
}

// Does the slice header (ptr, len, cap) hold goroutines, main's first?
bool holds_goroutines(const ProcessMemory& mem, uint64_t ptr, uint64_t len, uint64_t cap,
                      const GoStructOffsets& l) {
  if (!ptr || ptr % 8 || len == 0 || len > cap || cap > kMaxGoroutines) return false;
  std::string elems = mem.read(ptr, std::min(len, kElementsChecked) * 8);
  if (elems.size() != std::min(len, kElementsChecked) * 8) return false;
  std::set<uint64_t> seen;
  for (uint64_t i = 0; i < elems.size(); i += 8) {
    auto goid = goid_of(mem, word_at(elems, i), l);
    if (!goid || (i == 0 && *goid != 1) || (*goid && !seen.insert(*goid).second)) return false;
  }
  return true;
}

// The Go string (ptr, len) at `off` of `bytes`, read from the process: nullopt if unreadable.
std::optional<std::string> go_string(const ProcessMemory& mem, const std::string& bytes, uint64_t off) {
  if (off + 16 > bytes.size()) return std::nullopt;
  return read_go_string(mem, word_at(bytes, off), word_at(bytes, off + 8), kMaxReasonLength);
}

bool printable(std::string_view s) {
  for (char c : s)
    if (c < ' ' || c > '~') return false;
  return !s.empty();
}

}  // namespace

std::optional<uint64_t> find_allgs(const ProcessMemory& mem, uint64_t start, uint64_t size,
                                   const GoStructOffsets& layout) {
  std::string bss = mem.read(start, size);
  std::optional<uint64_t> found;
  for (uint64_t off = 0; off + 24 <= bss.size(); off += 8) {
    uint64_t ptr = word_at(bss, off), len = word_at(bss, off + 8), cap = word_at(bss, off + 16);
    if (!holds_goroutines(mem, ptr, len, cap, layout)) continue;
    if (found) return std::nullopt;  // two: cannot tell which
    found = start + off;
  }
  return found;
}

std::optional<uint64_t> find_gofunc(const ProcessMemory& mem, uint64_t start, uint64_t size,
                                    const GoStructOffsets& l, const stacks::GoPclntab& table,
                                    uint64_t load_bias) {
  std::string bytes = mem.read(start, size);
  uint64_t nftab = table.function_count() + 1;
  uint64_t minpc = table.text_begin() + load_bias, maxpc = table.text_end() + load_bias;
  uint64_t need = std::max({l.md_ftab + 24, l.md_minpc + 8, l.md_maxpc + 8, l.md_gofunc + 8});
  for (uint64_t off = 0; off + need <= bytes.size(); off += 8) {
    if (word_at(bytes, off + l.md_minpc) == minpc && word_at(bytes, off + l.md_maxpc) == maxpc &&
        word_at(bytes, off + l.md_ftab + 8) == nftab && word_at(bytes, off + l.md_ftab + 16) == nftab)
      return word_at(bytes, off + l.md_gofunc);
  }
  return std::nullopt;
}

std::optional<GoStringArray> find_wait_reason_strings(const ProcessMemory& mem, uint64_t start,
                                                      uint64_t size) {
  std::string data = mem.read(start, size);
  for (uint64_t off = 0; off + 48 <= data.size(); off += 8) {
    // The cheap test first: the lengths of "", "GC assist marking" and "IO wait".
    if (word_at(data, off + 8) != 0 || word_at(data, off + 24) != 17 || word_at(data, off + 40) != 7)
      continue;
    if (go_string(mem, data, off + 16) != "GC assist marking" || go_string(mem, data, off + 32) != "IO wait")
      continue;
    GoStringArray a{start + off, 1};
    while (a.count < kMaxWaitReasons) {
      auto s = go_string(mem, data, off + 16 * a.count);
      if (!s || !printable(*s)) break;
      ++a.count;
    }
    return a;
  }
  return std::nullopt;
}

}  // namespace sysray
