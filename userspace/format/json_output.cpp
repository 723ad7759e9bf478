// The JSON Output: one object per line, every type described in docs/JSON.md.
#include <stdexcept>

#include "format/json_format.h"
#include "format/output.h"

namespace sysray {
namespace {

class JsonOutput final : public Output {
 public:
  explicit JsonOutput(OutputOptions options) : o_(std::move(options)) {
    json_.realtime_offset_ns = o_.text.realtime_offset_ns;
  }

  void syscall(fmt::memory_buffer& buf, const SyscallEvent& ev, const DecodedArgs& args,
               std::string_view name, std::string_view ret_path) const override {
    append_json_syscall(buf, ev, args, name, json_, ret_path);
  }
  void syscall_unfinished(fmt::memory_buffer& buf, const SyscallEvent& enter,
                          const DecodedArgs& args, std::string_view name) const override {
    append_json_syscall_enter(buf, enter, args, name, json_);
  }
  // A "syscall" object carries every field, so a resumed call is one like any other.
  void syscall_resumed(fmt::memory_buffer& buf, const SyscallEvent& merged,
                       const DecodedArgs& args, std::string_view name,
                       std::string_view ret_path) const override {
    append_json_syscall(buf, merged, args, name, json_, ret_path);
  }
  void thread_exit(fmt::memory_buffer& buf, const SyscallEvent& ev) const override {
    append_json_thread_exit(buf, ev, json_);
  }
  void signal(fmt::memory_buffer& buf, const SyscallEvent& ev,
              const decode::DecodedArg& siginfo) const override {
    append_json_signal(buf, ev, siginfo, json_);
  }
  // The call's object is the last line in `buf`: the stack goes in before its closing brace.
  void call_stack(fmt::memory_buffer& buf, const std::vector<StackFrame>& frames,
                  bool) const override {
    // The call's object is the last thing in `buf` (the printer writes the two back to back).
    if (buf.size() < 2 || buf[buf.size() - 2] != '}' || buf[buf.size() - 1] != '\n')
      throw std::logic_error("call_stack: the call's JSON object is not at the end of the buffer");
    buf.resize(buf.size() - 2);
    buf.push_back(',');
    append_json_stack(buf, frames);
    buf.append(std::string_view("}\n"));
  }
  bool shows_call_times() const override { return true; }  // ts_ns and dur_ns, always

  void lost(fmt::memory_buffer& buf, uint64_t count, std::string_view what) const override {
    append_json_lost(buf, count, what);
  }

  void socket_event(fmt::memory_buffer& buf, const sockets::SocketEvent& ev) const override {
    sockets::append_event_json(buf, ev, o_.sockets);
  }
  void port_owners(fmt::memory_buffer& buf, const sockets::OwnerQuestion& q) const override {
    sockets::append_owners_json(buf, q.proto, q.local, q.owners, q.asked_ns, o_.sockets);
  }
  void socket_summary(fmt::memory_buffer& buf,
                      const std::vector<sockets::SummaryRow>& rows) const override {
    sockets::append_summary_json(buf, rows);
  }

  void syscall_counts(fmt::memory_buffer& buf, std::vector<SyscallCount> rows, uint64_t lost,
                      int interval) const override {
    append_count_json(buf, std::move(rows), lost,
                      interval ? std::optional<uint64_t>(interval) : std::nullopt);
  }
  void function_counts(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows,
                       std::string_view backend, int interval) const override {
    append_funccount_json(buf, rows, backend, interval, o_.user_stacks);
  }
  void function_latencies(fmt::memory_buffer& buf, const std::vector<FunctionLatency>& rows,
                          std::string_view backend, int interval) const override {
    append_funclatency_json(buf, rows, backend, interval);
  }

  void features(fmt::memory_buffer& buf, const Features& f,
                const std::vector<FeatureChoice>& choices) const override {
    append_features_json(buf, f, choices);
  }

  void thread(fmt::memory_buffer& buf, const ThreadReport& t, bool) const override {
    append_json_thread(buf, t);
  }
  void goroutine(fmt::memory_buffer& buf, uint32_t pid, const Goroutine& g) const override {
    append_json_goroutine(buf, pid, g);
  }

 private:
  OutputOptions o_;
  JsonOptions json_;
};

}  // namespace

std::unique_ptr<Output> make_json_output(OutputOptions options) {
  return std::make_unique<JsonOutput>(std::move(options));
}

}  // namespace sysray
