// The arguments of a call already in progress, read as trace reads them at sys_enter: the
// same capture recipes (decode::capture_plan), followed here in userspace against the blocked
// thread's memory instead of by the BPF side. Only enter-time reads of bytes and strings are
// possible; what a call fills in at exit does not exist yet.
#pragma once
#include <cstdint>

#include "inflight/process_memory.h"
#include "sysray/events.h"
#include "trace/syscall_event.h"

namespace sysray {

// Fills ev.cap from `plan` (ev.args must be set). `sp`: the user stack pointer at entry;
// `snaplen`: what SR_SNAPLEN means (-s).
void capture_at_enter(const ProcessMemory& mem, const sr_syscall_captures& plan, uint64_t sp,
                      uint32_t snaplen, SyscallEvent& ev);

}  // namespace sysray
