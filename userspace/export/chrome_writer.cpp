// Chrome's trace-event JSON (chrome://tracing, Perfetto, speedscope): one `X` event per call
// with its duration, `M` events naming processes and threads, and the stacks as the
// `stackFrames` dictionary that events point into with `sf`. Events are written as they come;
// only the distinct stacks are kept until the end.
#include <nlohmann/json.hpp>
#include <set>

#include "export/format_writers.h"
#include "export/stack_table.h"
#include "export/time_text.h"

namespace sysray::exporter {
namespace {

using json = nlohmann::json;

class ChromeWriter : public ExportWriter {
 public:
  explicit ChromeWriter(std::ostream& out) : out_(out) { out_ << "{\"traceEvents\":[\n"; }

  void add(const CallRecord& call) override {
    if (named_processes_.insert(call.pid).second)
      event(json{{"ph", "M"}, {"name", "process_name"}, {"pid", call.pid}, {"tid", call.pid},
                 {"args", {{"name", call.comm}}}});
    if (named_threads_.insert(call.tid).second)
      event(json{{"ph", "M"}, {"name", "thread_name"}, {"pid", call.pid}, {"tid", call.tid},
                 {"args", {{"name", call.thread_name()}}}});
    json x{{"ph", "X"}, {"name", call.name}, {"cat", "syscall"}, {"pid", call.pid},
           {"tid", call.tid}, {"args", call_fields(call)}};
    x["ts"] = json::parse(micros_text(origin_.since(call.ts_ns)));
    x["dur"] = json::parse(micros_text(call.dur_ns));
    if (!call.stack.empty()) {
      std::vector<std::string> outer_first(call.stack.rbegin(), call.stack.rend());
      x["sf"] = std::to_string(stacks_.intern(outer_first));
    }
    event(x);
  }

  void finish() override {
    out_ << "\n],\"stackFrames\":{";
    const auto& nodes = stacks_.nodes();
    for (size_t i = 0; i < nodes.size(); ++i) {
      json frame{{"name", stacks_.frames().strings()[nodes[i].frame]}};
      if (nodes[i].parent != StackTable::kRoot) frame["parent"] = std::to_string(nodes[i].parent);
      out_ << (i ? ",\n" : "\n") << json(std::to_string(i)).dump() << ":" << frame.dump();
    }
    out_ << "},\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"sysray export\","
         << "\"origin_ns\":" << origin_.origin_ns() << "}}\n";
  }

 private:
  void event(const json& e) {
    out_ << (first_ ? "" : ",\n") << e.dump();
    first_ = false;
  }

  std::ostream& out_;
  bool first_ = true;
  TimeOrigin origin_;
  std::set<int64_t> named_processes_, named_threads_;
  StackTable stacks_;
};

}  // namespace

std::unique_ptr<ExportWriter> make_chrome_writer(std::ostream& out) {
  return std::make_unique<ChromeWriter>(out);
}

}  // namespace sysray::exporter
