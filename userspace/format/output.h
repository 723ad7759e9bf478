// Everything a command writes to its output, in the format --json chose. A command makes one
// Output when it starts (make_output) and never asks which format it has: the text and JSON
// implementations (text_output.cpp, json_output.cpp) each know their own. Modelled on
// bpftrace's src/output/output.h.
//
// Each function appends whole lines to `buf`: the command's OutputStream buffer, or a buffer
// held back for a while (sockets' lines behind a port-owner answer). The stream functions are
// one virtual call over the buffer formatters they wrap (text_format.h, json_format.h,
// sockets_format.h), which keep the per-event formatting as fast as it was.
//
// What sysray says about itself (errors, losses) goes to stderr whatever the format: that is
// print_message (util/message.h), not an Output.
#pragma once
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "format/count_report.h"
#include "format/features_report.h"
#include "format/funccount_report.h"
#include "format/funclatency_report.h"
#include "format/inflight_format.h"
#include "format/stack_format.h"
#include "format/text_format.h"
#include "sockets/port_owners.h"
#include "sockets/sockets_format.h"
#include "sockets/socket_summary.h"
#include "trace/syscall_event.h"

namespace sysray {

struct OutputOptions {
  TextOptions text;                // trace: -t/-tt/-T, and the clock offset both formats use
  sockets::FormatOptions sockets;  // sockets: the backend, --payload, syscall names
  bool folded = false;             // funccount --folded: the text form is folded stacks
  bool user_stacks = false;        // funccount --user: stacks have a user part
};

class Output {
 public:
  virtual ~Output() = default;

  // trace: a call that returned; a call still blocked (strace's <unfinished ...>); its end;
  // a thread's end; a signal delivered (`siginfo` rendered by decode::render_siginfo).
  // `ret_path`: trace -y's path of the descriptor the call returned, "" for none.
  virtual void syscall(fmt::memory_buffer& buf, const SyscallEvent& ev, const DecodedArgs& args,
                       std::string_view name, std::string_view ret_path = {}) const = 0;
  virtual void syscall_unfinished(fmt::memory_buffer& buf, const SyscallEvent& enter,
                                  const DecodedArgs& args, std::string_view name) const = 0;
  virtual void syscall_resumed(fmt::memory_buffer& buf, const SyscallEvent& merged,
                               const DecodedArgs& args, std::string_view name,
                               std::string_view ret_path = {}) const = 0;
  virtual void thread_exit(fmt::memory_buffer& buf, const SyscallEvent& ev) const = 0;
  virtual void signal(fmt::memory_buffer& buf, const SyscallEvent& ev,
                      const decode::DecodedArg& siginfo) const = 0;
  // trace -k: the frames of the call syscall() or syscall_resumed() just wrote (text:
  // strace's " > " lines under it; JSON: a "stack" field in its object).
  virtual void call_stack(fmt::memory_buffer& buf, const std::vector<StackFrame>& frames,
                          bool source_lines) const = 0;
  // Whether those show when a call began and how long it took: the BPF side reads the clock
  // for every call only then (docs/DESIGN-syscalls.md, "The hot path").
  virtual bool shows_call_times() const = 0;

  // Records the kernel could not deliver, where the stream lost them: a "lost" object in JSON
  // (`what` as in append_json_lost); nothing in text, whose reader has the stderr line.
  virtual void lost(fmt::memory_buffer& buf, uint64_t count, std::string_view what) const = 0;

  // sockets: one event; who held the address a bind or listen was refused; the summary.
  virtual void socket_event(fmt::memory_buffer& buf, const sockets::SocketEvent& ev) const = 0;
  virtual void port_owners(fmt::memory_buffer& buf, const sockets::OwnerQuestion& q) const = 0;
  virtual void socket_summary(fmt::memory_buffer& buf,
                              const std::vector<sockets::SummaryRow>& rows) const = 0;

  // count and funccount: one report; `interval` is K for the K-th report of -i, 0 otherwise.
  // count's `lost` is the calls that could not be counted.
  virtual void syscall_counts(fmt::memory_buffer& buf, std::vector<SyscallCount> rows,
                              uint64_t lost, int interval) const = 0;
  virtual void function_counts(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows,
                               std::string_view backend, int interval) const = 0;
  // funclatency: one report of each function's histogram.
  virtual void function_latencies(fmt::memory_buffer& buf, const std::vector<FunctionLatency>& rows,
                                  std::string_view backend, int interval) const = 0;

  // features: the kernel's facts and each command's choice.
  virtual void features(fmt::memory_buffer& buf, const Features& f,
                        const std::vector<FeatureChoice>& choices) const = 0;

  // inflight: one thread of a snapshot (-kk's FILE:LINE when `source_lines`).
  virtual void thread(fmt::memory_buffer& buf, const ThreadReport& t, bool source_lines) const = 0;
  // inflight on a Go program: one of its goroutines.
  virtual void goroutine(fmt::memory_buffer& buf, uint32_t pid, const Goroutine& g) const = 0;
};

std::unique_ptr<Output> make_text_output(OutputOptions options);
std::unique_ptr<Output> make_json_output(OutputOptions options);

// --json or not: the one place a command looks at the flag.
inline std::unique_ptr<Output> make_output(bool json, OutputOptions options = {}) {
  return json ? make_json_output(std::move(options)) : make_text_output(std::move(options));
}

}  // namespace sysray
