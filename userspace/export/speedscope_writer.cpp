// speedscope's own file format (https://www.speedscope.app/file-format-schema.json): one
// "evented" profile per thread, named "comm (tid)", in nanoseconds; each call opens its stack's
// frames outermost first and then a frame named after the call, and closes them all at its
// return. The frames are shared by all profiles; each thread's events wait in a ThreadSpill
// until the end, since the file lists them thread by thread.
#include <fmt/format.h>

#include <map>

#include "export/format_writers.h"
#include "export/stack_table.h"
#include "export/thread_spill.h"
#include "export/time_text.h"

namespace sysray::exporter {
namespace {

using json = nlohmann::json;

struct SpeedscopeThread {
  std::string name;
  int64_t start = 0, end = 0;  // the first open and the last close
  bool has_events = false;
};

class SpeedscopeWriter : public ExportWriter {
 public:
  explicit SpeedscopeWriter(std::ostream& out) : out_(out) {}

  void add(const CallRecord& call) override {
    SpeedscopeThread& t = threads_[call.tid];
    int64_t open = origin_.since(call.ts_ns);
    if (!t.has_events) {
      t.name = call.thread_name();
      t.start = open;
    }
    // A thread's calls do not overlap, but the input's order may put one a little before the
    // previous one's end (timestamps from different CPUs); speedscope needs them nested.
    if (t.has_events && open < t.end) open = t.end;
    int64_t close = open + call.dur_ns;
    std::vector<int64_t> frames;
    for (const auto& name : stack_with_call(call.stack, call.name)) frames.push_back(frame_names_.index(name));
    std::string events;
    for (int64_t f : frames)
      events += fmt::format("{}{{\"type\":\"O\",\"frame\":{},\"at\":{}}}",
                            t.has_events || !events.empty() ? "," : "", f, open);
    for (auto f = frames.rbegin(); f != frames.rend(); ++f)
      events += fmt::format(",{{\"type\":\"C\",\"frame\":{},\"at\":{}}}", *f, close);
    spill_.append(call.tid, events);
    t.has_events = true;
    t.end = close;
  }

  void finish() override {
    json frames = json::array();
    for (const auto& name : frame_names_.strings()) frames.push_back({{"name", name}});
    out_ << R"({"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":)"
         << frames.dump() << "},\"profiles\":[";
    bool first = true;
    for (auto& [tid, t] : threads_) {
      out_ << (first ? "\n" : ",\n") << R"({"type":"evented","name":)" << json(t.name).dump()
           << R"(,"unit":"nanoseconds","startValue":)" << t.start << ",\"endValue\":" << t.end
           << ",\"events\":[";
      spill_.replay(tid, [this](std::string_view piece) { out_.write(piece.data(), piece.size()); });
      out_ << "]}";
      first = false;
    }
    out_ << R"(],"name":"sysray export","activeProfileIndex":0,"exporter":"sysray"})" << "\n";
  }

 private:
  std::ostream& out_;
  TimeOrigin origin_;
  std::map<int64_t, SpeedscopeThread> threads_;
  StringTable frame_names_;
  ThreadSpill spill_;
};

}  // namespace

std::unique_ptr<ExportWriter> make_speedscope_writer(std::ostream& out) {
  return std::make_unique<SpeedscopeWriter>(out);
}

}  // namespace sysray::exporter
