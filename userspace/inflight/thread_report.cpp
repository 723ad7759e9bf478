#include "inflight/thread_report.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "inflight/call_in_progress.h"
#include "trace/stack_records.h"

namespace sysray {

namespace {

// include/linux/sched.h's TASK_* bits and task_state_index()'s order.
constexpr uint32_t kTaskReport = 0x7f;  // RUNNING .. PARKED, exit states included
constexpr uint32_t kTaskIdle = 0x402;   // TASK_UNINTERRUPTIBLE | TASK_NOLOAD
constexpr char kStateLetters[] = "RSDTtXZPI";

}  // namespace

char task_state_letter(uint32_t state, uint32_t exit_state) {
  if (state == kTaskIdle) return 'I';
  uint32_t bits = (state | exit_state) & kTaskReport;
  int index = bits ? 32 - __builtin_clz(bits) : 0;  // fls()
  return index < static_cast<int>(sizeof(kStateLetters) - 1) ? kStateLetters[index] : '?';
}

std::string_view task_state_name(char letter) {
  switch (letter) {
    case 'R': return "running";
    case 'S': return "sleeping";
    case 'D': return "disk sleep";
    case 'T': return "stopped";
    case 't': return "tracing stop";
    case 'X': return "dead";
    case 'Z': return "zombie";
    case 'P': return "parked";
    case 'I': return "idle";
    default: return "unknown";
  }
}

uint64_t waited_ns(const sr_thread_snapshot& s) {
  if (s.switched_out_ns) return s.now_ns > s.switched_out_ns ? s.now_ns - s.switched_out_ns : 0;
  if (s.arrived_ns) return s.rq_now_ns > s.arrived_ns ? s.rq_now_ns - s.arrived_ns : 0;
  return 0;
}

ThreadReporter::ThreadReporter(const decode::ArgDecoder& decoder,
                               const KernelSymbols& kernel_symbols, uint32_t snaplen,
                               size_t stack_bytes, bool source_lines)
    : decoder_(decoder),
      snaplen_(snaplen),
      stack_bytes_(stack_bytes),
      unwinder_(mappings_, source_lines),
      kernel_symbols_(kernel_symbols) {}

const ProcessMemory& ThreadReporter::memory(uint32_t pid) {
  auto it = memories_.find(pid);
  if (it == memories_.end()) it = memories_.try_emplace(pid, static_cast<pid_t>(pid)).first;
  return it->second;
}

ThreadReport ThreadReporter::report(const sr_thread_snapshot& s) {
  ThreadReport r;
  r.pid = s.pid;
  r.tid = s.tid;
  r.comm.assign(s.comm, strnlen(s.comm, sizeof(s.comm)));
  r.state = task_state_letter(s.state, s.exit_state);
  r.state_name = task_state_name(r.state);
  r.on_cpu = s.on_cpu != 0;
  size_t frames = std::min<size_t>(s.kstack_len / sizeof(uint64_t), SR_KSTACK_MAX);
  for (size_t i = 0; i < frames && s.kstack[i]; ++i)
    r.kernel_stack.push_back(kernel_symbols_.frame(s.kstack[i]));
  // A thread on a CPU has no saved registers: what pt_regs hold is from an older entry.
  if (r.on_cpu || r.state == 'Z' || r.state == 'X') return r;
  r.waited_ns = waited_ns(s);

  const ProcessMemory& mem = memory(s.pid);
  r.call = call_in_progress(s, mem, decoder_, snaplen_);
  if (r.call) {
    decoder_.decode(*r.call, r.args);
    r.call_name = decoder_.name(r.call->nr);
  }

  if (!mappings_.knows(s.pid)) mappings_.seed_from_proc(s.pid);
  StackRecord stack;
  stack.pid = s.pid;
  stack.tid = s.tid;
  stack.regs = dwarf_regs(s.regs);
  stack.stack = [&] {
    std::string bytes = mem.read(snapshot_sp(s), stack_bytes_);
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
  }();
  if (stack.regs[kDwarfIp]) r.stack = unwinder_.frames(stack);
  return r;
}

}  // namespace sysray
