// `sysray inflight`: one thread of a snapshot (sr_thread_snapshot) made readable: its state,
// the call it is blocked in with the arguments decoded as trace decodes them, how long it has
// waited, its user stack (unwound as trace -k unwinds, from its saved registers and its stack
// memory) and its kernel stack.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decode/arg_decoder.h"
#include "inflight/process_memory.h"
#include "kernel/kernel_symbols.h"
#include "sysray/inflight.h"
#include "trace/process_mappings.h"
#include "trace/syscall_event.h"
#include "trace/user_stack_frames.h"

namespace sysray {

struct ThreadReport {
  uint32_t pid = 0;
  uint32_t tid = 0;
  std::string comm;
  char state = '?';             // ps's letter: R S D T t X Z P I
  std::string_view state_name;  // /proc/PID/status's word: "running", "sleeping", ...
  bool on_cpu = false;          // running right now: no call, wait or stack can be read
  std::optional<SyscallEvent> call;  // the syscall it is in (SR_REC_SYSCALL_ENTER)
  std::string_view call_name;
  std::vector<decode::DecodedArg> args;
  uint64_t waited_ns = 0;       // since it left the CPU; 0 when on one
  std::vector<StackFrame> stack;
  std::vector<KernelFrame> kernel_stack;
};

// The state letter and word of task_struct.__state and exit_state, as the kernel's
// task_state_index() reports them in /proc.
char task_state_letter(uint32_t state, uint32_t exit_state);
std::string_view task_state_name(char letter);

// How long a thread off the CPU has waited: from se.exec_start (when it left), or, when the
// scheduler zeroed that (a migrated task that has not run since), from when it last got a CPU.
// 0 when neither clock says.
uint64_t waited_ns(const sr_thread_snapshot& s);

class ThreadReporter {
 public:
  // `snaplen`: -s, for the arguments' buffers; `stack_bytes`: user stack read per thread.
  ThreadReporter(const decode::ArgDecoder& decoder, const KernelSymbols& kernel_symbols,
                 uint32_t snaplen, size_t stack_bytes, bool source_lines);

  ThreadReport report(const sr_thread_snapshot& s);

 private:
  const ProcessMemory& memory(uint32_t pid);

  const decode::ArgDecoder& decoder_;
  uint32_t snaplen_;
  size_t stack_bytes_;
  ProcessMappings mappings_;
  UserStackFrames unwinder_;
  const KernelSymbols& kernel_symbols_;
  std::map<uint32_t, ProcessMemory> memories_;
};

}  // namespace sysray
