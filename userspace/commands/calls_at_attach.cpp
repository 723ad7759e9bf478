#include "commands/calls_at_attach.h"

#include <algorithm>
#include <map>

#include "bpfload/thread_snapshots.h"
#include "format/clock_format.h"
#include "inflight/call_in_progress.h"
#include "inflight/process_memory.h"
#include "util/message.h"
#include "util/user_error.h"

namespace sysray {

std::vector<SyscallEvent> park_calls_at_attach(SyscallPrograms& programs,
                                               const std::vector<pid_t>& pids,
                                               const decode::ArgDecoder& decoder, uint32_t snaplen,
                                               bool show_enters) {
  std::vector<SyscallEvent> enters;
  std::vector<sr_thread_snapshot> threads;
  try {
    threads = ThreadSnapshots(pids).take();
  } catch (const UserError& e) {
    print_message("calls already in progress at attach will not show: {}", e.what());
    return enters;
  }
  uint64_t now = monotonic_ns();
  std::map<uint32_t, ProcessMemory> memories;
  for (const sr_thread_snapshot& s : threads) {
    auto mem = memories.try_emplace(s.pid, static_cast<pid_t>(s.pid)).first;
    auto call = call_in_progress(s, mem->second, decoder, snaplen);
    if (!call) continue;
    // It began before it blocked: at least as long ago as it last left the CPU (the snapshot's
    // clock is the scheduler's, not CLOCK_MONOTONIC: only the difference is used).
    uint64_t waited = s.now_ns > s.switched_out_ns ? s.now_ns - s.switched_out_ns : 0;
    call->ts_ns = now > waited ? now - waited : now;
    sr_parked_call parked{};
    parked.ts_ns = call->ts_ns;
    parked.nr = call->nr;
    parked.enter_sent = show_enters;
    std::copy(std::begin(call->args), std::end(call->args), std::begin(parked.args));
    if (programs.park_call_in_progress(s.tid, parked) && show_enters)
      enters.push_back(std::move(*call));
  }
  std::sort(enters.begin(), enters.end(),
            [](const SyscallEvent& a, const SyscallEvent& b) { return a.ts_ns < b.ts_ns; });
  return enters;
}

}  // namespace sysray
