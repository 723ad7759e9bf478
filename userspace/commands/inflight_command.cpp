// `sysray inflight`: a snapshot of running processes' threads, taken by a BPF task iterator
// without stopping, signalling or attaching to them: per thread the call it is blocked in
// (decoded as trace decodes it), how long it has waited, and its user and kernel stacks;
// longest wait first. With -i, a new snapshot every interval until the processes are gone.
#include <algorithm>
#include <map>
#include <vector>

#include "bpfload/thread_snapshots.h"
#include "cli/byte_size.h"
#include "cli/duration.h"
#include "cli/target_options.h"
#include "commands/commands.h"
#include "commands/session_end.h"
#include "decode/arg_decoder.h"
#include "format/output.h"
#include "format/clock_format.h"
#include "format/output_stream.h"
#include "inflight/go_runtime_layout.h"
#include "inflight/goroutines.h"
#include "inflight/thread_report.h"
#include "kernel/kernel_symbols.h"
#include "kernel/privileges.h"
#include "stacks/go_pclntab.h"
#include "util/message.h"
#include "util/user_error.h"

namespace sysray {
namespace {

// Longest wait first; threads on a CPU (no wait) last; then by thread id.
void sort_by_wait(std::vector<ThreadReport>& threads) {
  std::sort(threads.begin(), threads.end(), [](const ThreadReport& a, const ThreadReport& b) {
    if (a.waited_ns != b.waited_ns) return a.waited_ns > b.waited_ns;
    return a.tid < b.tid;
  });
}

// A Go program among the targets: what reading its goroutines needs.
struct GoProgram {
  GoRuntimeLayout layout;
  stacks::GoPclntab table;
  ProcessMemory memory;
};

// The targets that are Go programs (those with a .gopclntab). One whose goroutines cannot be
// read (no DWARF and a Go release sysray has no layout for, or allgs not found) gets one line
// saying why.
std::map<uint32_t, GoProgram> go_programs_of(const std::vector<pid_t>& pids) {
  std::map<uint32_t, GoProgram> out;
  for (pid_t pid : pids) {
    std::string exe = fmt::format("/proc/{}/exe", pid);
    auto table = stacks::GoPclntab::load(exe);
    if (!table) continue;
    std::string why;
    auto layout = GoRuntimeLayout::load(exe, &why);
    ProcessMemory memory(pid);
    if (layout && !layout->relocate_for(pid)) {
      layout.reset();
      why = "its executable's mapping is not in /proc/" + std::to_string(pid) + "/maps";
    }
    if (layout && !layout->find_runtime_variables(memory, *table, &why)) layout.reset();
    if (!layout) {
      print_message("process {} is a Go program, but its goroutines cannot be read: {}", pid, why);
      continue;
    }
    out.emplace(static_cast<uint32_t>(pid), GoProgram{*layout, std::move(*table), std::move(memory)});
  }
  return out;
}

// What this user is not allowed to see is said once on stderr, rather than left as bare
// addresses and pointers in the report (README, "Privileges").
void warn_hidden(const std::vector<pid_t>& pids, const KernelSymbols& kernel_symbols) {
  kernel_symbols.say_if_hidden();
  for (pid_t pid : pids)
    if (!ProcessMemory(pid).readable())
      print_message("process {}: its memory cannot be read (/proc/{}/mem): arguments held in "
                    "memory and user stacks are not shown (they need root, or CAP_SYS_PTRACE and "
                    "CAP_DAC_READ_SEARCH)",
                    pid, pid);
}

}  // namespace

int run_inflight(InflightOptions& o) {
  std::vector<pid_t> pids = parse_pid_list(o.pids);
  uint64_t min_wait_ns = o.min_wait.empty() ? 0 : parse_duration_ns(o.min_wait, "--min-wait");
  uint32_t snaplen = parse_snaplen(o.snaplen);
  uint32_t stack_bytes = parse_stack_size(o.stack_size);
  require_processes_exist(pids);
  require_tracing_privileges();

  decode::SyscallTable table = decode::SyscallTable::load();
  decode::ArgDecoder decoder(table);
  ThreadSnapshots snapshots(pids);
  const KernelSymbols kernel_symbols = KernelSymbols::from_proc();
  warn_hidden(pids, kernel_symbols);
  OutputStream out(o.output);
  std::unique_ptr<Output> output = make_output(o.json);
  bool source_lines = o.source_lines >= 2;
  std::map<uint32_t, GoProgram> go_programs = go_programs_of(pids);

  auto snapshot = [&] {
    // A reporter per snapshot: the processes' mappings may have changed since the last one.
    ThreadReporter reporter(decoder, kernel_symbols, snaplen, stack_bytes, source_lines);
    std::vector<ThreadReport> threads;
    for (const sr_thread_snapshot& s : snapshots.take()) threads.push_back(reporter.report(s));
    sort_by_wait(threads);
    for (const ThreadReport& t : threads)
      if (t.waited_ns >= min_wait_ns) output->thread(out.buffer(), t, source_lines);
    for (auto& [pid, go] : go_programs)
      for (const Goroutine& g : read_goroutines(go.layout, go.table, go.memory, monotonic_ns()))
        output->goroutine(out.buffer(), pid, g);
    out.flush();
    return threads.size();
  };

  if (snapshot() == 0)
    throw UserError("inflight: no threads found: the processes exited", kExitRefused);
  if (o.interval_s > 0) {
    install_stop_signals();
    SessionEnd end(nullptr, pids, o.duration_s);
    wait_with_intervals(end, o.interval_s, [&](int) { snapshot(); });
  }
  return 0;
}

}  // namespace sysray
