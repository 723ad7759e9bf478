// trace -k and sockets -k: everything the stacks need beside the event stream: the stack records (held until
// their call prints), the processes' mappings (kernel mmap events, /proc for processes that
// were already running), and the unwinder. The printer asks for a call's frames as it prints it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bpfload/mmap_events.h"
#include "trace/process_mappings.h"
#include "trace/stack_records.h"
#include "trace/syscall_event.h"
#include "trace/user_stack_frames.h"
#include "util/malformed_records.h"

namespace sysray {

class TraceStacks {
 public:
  // Starts watching mappings: before the programs attach, so that no exec is missed.
  explicit TraceStacks(bool source_lines);

  // A SR_REC_USER_STACK sample from the ring.
  void on_record(const void* data, size_t size);
  // Reads the mapping events that arrived (each poll, before calls are printed).
  void poll() { mmaps_.consume(); }

  // The frames of the call's stack, innermost first (and forgets the stack); empty when the
  // call has none.
  std::vector<StackFrame> take(const SyscallEvent& ev) { return take(ev.stack_id); }
  std::vector<StackFrame> take(uint32_t stack_id);
  bool source_lines() const { return source_lines_; }

  // At the end: malformed stack records, and mapping reports the kernel could not deliver
  // (their processes' frames may lack names).
  void report_end() const;

 private:
  bool source_lines_;
  ProcessMappings mappings_;
  MmapEvents mmaps_;
  StackRecords held_;
  UserStackFrames unwinder_;
  MalformedRecords malformed_;
};

}  // namespace sysray
