#include "inflight/goroutines.h"

#include <cstring>

namespace sysray {

namespace {

constexpr uint32_t kGrunning = 2, kGsyscall = 3, kGwaiting = 4;
constexpr size_t kMaxGoroutines = 1'000'000;
constexpr size_t kMaxFrames = 100;
// runtime/traceback.go's gStatusStrings.
constexpr const char* kStatus[] = {"idle", "runnable", "running", "syscall", "waiting",
                                   "moribund_unused", "dead", "enqueue_unused", "copystack",
                                   "preempted"};

std::optional<uint64_t> read_word(const ProcessMemory& mem, uint64_t addr) {
  std::string b = mem.read(addr, 8);
  if (b.size() != 8) return std::nullopt;
  return word_at(b, 0);
}

// The frame of `pc`, named as Go's traceback names it: the function containing pc, the line
// of the instruction before it (the call, for a return address) unless pc is the entry.
// `bias`: the load bias of a position-independent build (the table holds link-time pcs).
std::optional<GoFrame> go_frame(const stacks::GoPclntab& table, uint64_t bias, uint64_t pc) {
  uint64_t at = pc - bias;
  auto fn = table.lookup(at);
  if (!fn) return std::nullopt;
  GoFrame f;
  f.pc = pc;
  f.function = fn->name;
  f.offset = at - fn->entry;
  if (auto line = table.source_line(at > fn->entry ? at - 1 : at)) {
    f.file = line->file;
    f.line = line->line;
  }
  return f;
}

// The frames of `pc` as Go's traceback prints them: first the calls inlined at that point,
// innermost first (each named by the function's inline tree, at the line the pc-line table
// gives there), then the function itself at the line of the call the innermost inlined frame
// stands for. Without an inline tree (or gofunc unknown), go_frame() alone.
void append_frames(std::vector<GoFrame>& out, const stacks::GoPclntab& table,
                   const GoRuntimeLayout& l, const ProcessMemory& mem, const GoFrame& own) {
  constexpr int kMaxInlineDepth = 64;
  uint64_t at = own.pc - l.load_bias;
  uint64_t entry = at - own.offset;
  uint64_t trace = at > entry ? at - 1 : at;
  auto tree = l.gofunc && l.inl_size
                  ? table.funcdata_offset(trace, stacks::GoPclntab::kFuncdataInlTree)
                  : std::nullopt;
  for (int depth = 0; tree && depth < kMaxInlineDepth; ++depth) {
    auto ix = table.pcdata_value(trace, stacks::GoPclntab::kPcdataInlTreeIndex);
    if (!ix || *ix < 0) break;
    std::string call = mem.read(l.gofunc + l.load_bias + *tree + uint64_t(*ix) * l.inl_size, l.inl_size);
    if (call.size() != l.inl_size) break;
    GoFrame f;
    f.pc = own.pc;
    f.function = table.name_at(static_cast<uint32_t>(word_at(call, l.inl_name, 4))).value_or("?");
    f.inlined = true;
    if (auto line = table.source_line(trace)) {
      f.file = line->file;
      f.line = line->line;
    }
    out.push_back(std::move(f));
    trace = entry + static_cast<uint32_t>(word_at(call, l.inl_parent_pc, 4));
  }
  GoFrame f = own;
  if (trace != (at > entry ? at - 1 : at)) {  // the line of the call the inlined code stands for
    if (auto line = table.source_line(trace)) {
      f.file = line->file;
      f.line = line->line;
    }
  }
  out.push_back(std::move(f));
}

// Go's own walk: the return address sits right above the frame pcsp says the function has.
std::vector<GoFrame> walk(const stacks::GoPclntab& table, const GoRuntimeLayout& l,
                          const ProcessMemory& mem, uint64_t pc, uint64_t sp) {
  std::vector<GoFrame> out;
  while (pc && out.size() < kMaxFrames) {
    auto f = go_frame(table, l.load_bias, pc);
    if (!f) break;
    append_frames(out, table, l, mem, *f);
    if (f->function == "runtime.goexit" || f->function == "runtime.mstart" ||
        f->function == "runtime.rt0_go")
      break;
    auto size = table.frame_size(pc - l.load_bias);
    if (!size || *size < 0) break;
    uint64_t fp = sp + static_cast<uint64_t>(*size) + 8;
    auto ret = read_word(mem, fp - 8);
    if (!ret) break;
    pc = *ret;
    sp = fp;
  }
  return out;
}

std::string wait_reason(const GoRuntimeLayout& l, const ProcessMemory& mem, uint8_t reason) {
  if (reason >= l.wait_reason_count) return "";
  std::string header = mem.read(l.wait_reasons + l.load_bias + 16 * uint64_t(reason), 16);
  if (header.size() != 16) return "";
  return read_go_string(mem, word_at(header, 0), word_at(header, 8), 256).value_or("");
}

}  // namespace

std::vector<Goroutine> read_goroutines(const GoRuntimeLayout& l, const stacks::GoPclntab& table,
                                       const ProcessMemory& mem, uint64_t now_ns) {
  std::vector<Goroutine> out;
  std::string slice = mem.read(l.allgs + l.load_bias, 24);
  uint64_t base = word_at(slice, 0), len = word_at(slice, 8);
  if (slice.size() != 24 || len > kMaxGoroutines) return out;
  std::string ptrs = mem.read(base, len * 8);
  for (uint64_t i = 0; i + 8 <= ptrs.size(); i += 8) {
    std::string g = mem.read(word_at(ptrs, i), l.g_size);
    if (g.size() != l.g_size) continue;
    uint32_t status = static_cast<uint32_t>(word_at(g, l.atomicstatus, 4));
    bool scan = status & kGoStatusScanBit;
    status &= ~kGoStatusScanBit;
    if (status == kGoStatusDead || status == 0) continue;
    Goroutine r;
    r.goid = word_at(g, l.goid);
    r.state = status < std::size(kStatus) ? kStatus[status] : "???";
    auto reason = static_cast<uint8_t>(word_at(g, l.waitreason, 1));
    if (status == kGwaiting && reason) {
      std::string words = wait_reason(l, mem, reason);
      if (!words.empty()) r.state = words;
    }
    if (scan) r.state += " (scan)";
    auto since = static_cast<int64_t>(word_at(g, l.waitsince));
    if ((status == kGwaiting || status == kGsyscall) && since > 0) {
      int64_t minutes = (static_cast<int64_t>(now_ns) - since) / 60'000'000'000;
      if (minutes >= 1) r.wait_minutes = minutes;
    }
    r.locked_to_thread = l.lockedm && word_at(g, l.lockedm) != 0;
    if (uint64_t m = word_at(g, l.m); m && (status == kGrunning || status == kGsyscall))
      if (auto procid = read_word(mem, m + l.m_procid)) r.tid = static_cast<uint32_t>(*procid);
    // A running goroutine's registers are its thread's, not in g: Go's dump shows it
    // "[running]" without frames too, unless it is the one printing.
    if (status == kGsyscall)
      r.stack = walk(table, l, mem, word_at(g, l.syscallpc), word_at(g, l.syscallsp));
    else if (status != kGrunning)
      r.stack = walk(table, l, mem, word_at(g, l.sched + l.gobuf_pc),
                     word_at(g, l.sched + l.gobuf_sp));
    if (uint64_t gopc = word_at(g, l.gopc); gopc && r.goid != 1)  // Go names no creator for main
      r.created_by = go_frame(table, l.load_bias, gopc);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sysray
