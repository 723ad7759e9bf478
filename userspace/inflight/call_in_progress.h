// The syscall a thread of a snapshot (sr_thread_snapshot) is in, as trace would have recorded
// its entry: the number and arguments from the registers its kernel entry saved, the
// enter-time captures read from its memory. Shared by `inflight` and by `trace -p`, which shows
// the calls its targets are already in at attach.
#pragma once
#include <cstdint>
#include <optional>

#include "decode/arg_decoder.h"
#include "inflight/process_memory.h"
#include "sysray/inflight.h"
#include "trace/syscall_event.h"

namespace sysray {

// A thread's registers are saved only while it is off the CPU: nullopt when it is on one, is
// in no syscall (orig_ax is -1 after an interrupt or a fault), or is exiting.
std::optional<SyscallEvent> call_in_progress(const sr_thread_snapshot& s, const ProcessMemory& mem,
                                             const decode::ArgDecoder& decoder, uint32_t snaplen);

// The user stack pointer of the snapshot's registers.
uint64_t snapshot_sp(const sr_thread_snapshot& s);

}  // namespace sysray
