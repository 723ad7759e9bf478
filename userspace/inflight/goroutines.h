// `sysray inflight` on a Go program: its goroutines as Go's own SIGQUIT dump lists them (id,
// state with the wait reason in Go's words, minutes waited, stack, "created by"), read from
// the runtime's data (runtime.allgs and each g) through /proc/PID/mem, without the signal.
// Stacks are walked as Go's own traceback walks them: each frame's size from .gopclntab's pcsp
// table, from the goroutine's saved pc and sp (g.sched, or g.syscallpc/syscallsp in a syscall).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inflight/go_runtime_layout.h"
#include "inflight/process_memory.h"
#include "stacks/go_pclntab.h"

namespace sysray {

struct GoFrame {
  uint64_t pc = 0;        // the pc (innermost frame) or return address
  std::string function;   // as Go prints it: "main.main.func4", "net.(*netFD).Read"
  std::string file;
  int line = 0;
  uint64_t offset = 0;    // pc - the function's entry (Go's "+0x27"); 0 for an inlined frame
  bool inlined = false;   // a call the compiler inlined into the next frame (Go's "name(...)")
};

struct Goroutine {
  uint64_t goid = 0;
  std::string state;                    // "chan receive", "syscall", "running", ...
  std::optional<int64_t> wait_minutes;  // set only where Go prints ", N minutes"
  std::optional<uint32_t> tid;          // the thread it runs on (running or in a syscall)
  bool locked_to_thread = false;
  std::vector<GoFrame> stack;           // innermost first
  std::optional<GoFrame> created_by;
};

// Every goroutine that is not dead, in allgs order. `now_ns`: CLOCK_MONOTONIC, Go's nanotime().
// A goroutine that changes while it is read (the program runs on) may show a short or empty
// stack; nothing read is trusted further than the memory it points into.
std::vector<Goroutine> read_goroutines(const GoRuntimeLayout& layout, const stacks::GoPclntab& table,
                                       const ProcessMemory& mem, uint64_t now_ns);

}  // namespace sysray
