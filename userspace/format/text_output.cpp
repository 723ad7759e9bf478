// The text Output: strace's lines, strace -c's table, BCC funccount's table.
#include "format/output.h"

namespace sysray {
namespace {

class TextOutput final : public Output {
 public:
  explicit TextOutput(OutputOptions options) : o_(std::move(options)) {}

  void syscall(fmt::memory_buffer& buf, const SyscallEvent& ev, const DecodedArgs& args,
               std::string_view name, std::string_view ret_path) const override {
    append_syscall_line(buf, ev, args, name, o_.text, ret_path);
  }
  void syscall_unfinished(fmt::memory_buffer& buf, const SyscallEvent& enter,
                          const DecodedArgs& args, std::string_view name) const override {
    append_unfinished_line(buf, enter, args, name, o_.text);
  }
  void syscall_resumed(fmt::memory_buffer& buf, const SyscallEvent& merged,
                       const DecodedArgs& args, std::string_view name,
                       std::string_view ret_path) const override {
    append_resumed_line(buf, merged, args, name, o_.text, ret_path);
  }
  void thread_exit(fmt::memory_buffer& buf, const SyscallEvent& ev) const override {
    append_thread_exit_line(buf, ev, o_.text);
  }
  void signal(fmt::memory_buffer& buf, const SyscallEvent& ev,
              const decode::DecodedArg& siginfo) const override {
    append_signal_line(buf, ev, siginfo, o_.text);
  }
  void call_stack(fmt::memory_buffer& buf, const std::vector<StackFrame>& frames,
                  bool source_lines) const override {
    append_stack_lines(buf, frames, source_lines);
  }
  bool shows_call_times() const override { return o_.text.timestamps > 0 || o_.text.durations; }

  void lost(fmt::memory_buffer&, uint64_t, std::string_view) const override {}

  void socket_event(fmt::memory_buffer& buf, const sockets::SocketEvent& ev) const override {
    sockets::append_event_text(buf, ev, o_.sockets);
  }
  void port_owners(fmt::memory_buffer& buf, const sockets::OwnerQuestion& q) const override {
    sockets::append_owners_text(buf, q.proto, q.local, q.owners, q.asked_ns, o_.sockets);
  }
  void socket_summary(fmt::memory_buffer& buf,
                      const std::vector<sockets::SummaryRow>& rows) const override {
    sockets::append_summary_text(buf, rows);
  }

  // The table has no room for losses or interval numbers: counting loses nothing, and the
  // tables of -i follow each other.
  void syscall_counts(fmt::memory_buffer& buf, std::vector<SyscallCount> rows, uint64_t,
                      int) const override {
    append_count_table(buf, std::move(rows));
  }
  void function_counts(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows,
                       std::string_view, int) const override {
    if (o_.folded)
      append_funccount_folded(buf, rows);
    else
      append_funccount_table(buf, rows);
  }
  void function_latencies(fmt::memory_buffer& buf, const std::vector<FunctionLatency>& rows,
                          std::string_view, int) const override {
    append_funclatency_text(buf, rows);
  }

  void features(fmt::memory_buffer& buf, const Features& f,
                const std::vector<FeatureChoice>& choices) const override {
    append_features_text(buf, f, choices);
  }

  void thread(fmt::memory_buffer& buf, const ThreadReport& t, bool source_lines) const override {
    append_thread_text(buf, t, source_lines);
  }
  void goroutine(fmt::memory_buffer& buf, uint32_t, const Goroutine& g) const override {
    append_goroutine_text(buf, g);
  }

 private:
  OutputOptions o_;
};

}  // namespace

std::unique_ptr<Output> make_text_output(OutputOptions options) {
  return std::make_unique<TextOutput>(std::move(options));
}

}  // namespace sysray
