// A Firefox Profiler profile in the Gecko format, as perf's scripts/python/gecko.py writes it
// (version 24; profiler.firefox.com upgrades it on load, ui.perfetto.dev reads it too). Per
// traced thread, named "comm (tid)": each call an interval marker (name = the syscall; data =
// arguments, return value, errno, and the stack as the marker's cause), and a sample at its
// start whose stack ends in the call, so the call tree and flame graph show which code made
// which calls. Gecko groups everything by thread while the input is ordered by time: the
// threads' rows wait in a ThreadSpill; string and stack tables grow only with distinct names.
#include <fmt/format.h>

#include <map>

#include "export/format_writers.h"
#include "export/stack_table.h"
#include "export/thread_spill.h"
#include "export/time_text.h"

namespace sysray::exporter {
namespace {

using json = nlohmann::json;

// Spill keys: a thread's markers and its samples.
int64_t markers_key(int64_t tid) { return tid * 2; }
int64_t samples_key(int64_t tid) { return tid * 2 + 1; }

const char* kSamplesSchema = R"({"stack":0,"time":1,"responsiveness":2})";

struct GeckoThread {
  int64_t pid = 0;
  std::string name, process_name;
  StringTable strings;
  StackTable stacks;
  bool has_markers = false, has_samples = false;
};

class FirefoxWriter : public ExportWriter {
 public:
  explicit FirefoxWriter(std::ostream& out) : out_(out) {}

  void add(const CallRecord& call) override {
    GeckoThread& t = threads_[call.tid];
    if (t.name.empty()) {
      t.pid = call.pid;
      t.name = call.thread_name();
      t.process_name = call.comm;
    }
    int64_t stack = t.stacks.intern(stack_with_call(call.stack, call.name));
    int64_t start_ns = origin_.since(call.ts_ns);
    std::string start = millis_text(start_ns);
    std::string end = millis_text(start_ns + call.dur_ns);

    std::string sample = fmt::format("{}[{},{},0]", t.has_samples ? "," : "", stack, start);
    spill_.append(samples_key(call.tid), sample);
    t.has_samples = true;

    json data = call_fields(call);
    data["type"] = "Syscall";
    data["name"] = call.name;
    data["dur_ns"] = call.dur_ns;
    // The stack that made the call: the profiler turns a marker's `stack` into its cause.
    data["stack"] = json::parse(fmt::format(R"({{"samples":{{"schema":{},"data":[[{},{},0]]}}}})",
                                            kSamplesSchema, stack, start));
    // Phase 1: an interval marker.
    std::string marker = fmt::format("{}[{},{},{},1,0,{}]", t.has_markers ? "," : "",
                                     t.strings.index(call.name), start, end, data.dump());
    spill_.append(markers_key(call.tid), marker);
    t.has_markers = true;
  }

  void finish() override {
    double start_ms = static_cast<double>(origin_.origin_ns()) / 1e6;
    json meta{{"interval", 1},
              {"processType", 0},
              {"product", "sysray export"},
              {"stackwalk", 1},
              {"debug", 0},
              {"gcpoison", 0},
              {"asyncstack", 1},
              {"startTime", start_ms},
              {"shutdownTime", nullptr},
              {"version", 24},
              {"presymbolicated", true},
              {"categories", json::array({{{"name", "Syscall"}, {"color", "orange"},
                                           {"subcategories", json::array({"Other"})}}})},
              {"markerSchema", json::array({marker_schema()})}};
    out_ << "{\"meta\":" << meta.dump() << ",\"libs\":[],\"threads\":[";
    bool first = true;
    for (auto& [tid, t] : threads_) {
      out_ << (first ? "\n" : ",\n");
      first = false;
      write_thread(tid, t);
    }
    out_ << "],\"processes\":[],\"pausedRanges\":[]}\n";
  }

 private:
  static json marker_schema() {
    json fields = json::array();
    for (const char* key : {"args", "ret", "errno", "dur_ns"})
      fields.push_back({{"key", key}, {"label", key}, {"format", "string"}});
    return {{"name", "Syscall"},
            {"display", json::array({"marker-chart", "marker-table", "timeline-overview"})},
            {"tooltipLabel", "{marker.name}"},
            {"tableLabel", "{marker.name}({marker.data.args}) = {marker.data.ret}"},
            {"chartLabel", "{marker.name}"},
            {"data", fields}};
  }

  void write_thread(int64_t tid, GeckoThread& t) {
    auto copy = [this](std::string_view piece) { out_.write(piece.data(), piece.size()); };
    out_ << "{\"tid\":" << tid << ",\"pid\":" << t.pid << ",\"name\":" << json(t.name).dump()
         << ",\"processName\":" << json(t.process_name).dump()
         << ",\"processType\":\"default\",\"registerTime\":0,\"unregisterTime\":null"
         << ",\"markers\":{\"schema\":{\"name\":0,\"startTime\":1,\"endTime\":2,\"phase\":3,"
            "\"category\":4,\"data\":5},\"data\":[";
    spill_.replay(markers_key(tid), copy);
    out_ << "]},\"samples\":{\"schema\":" << kSamplesSchema << ",\"data\":[";
    spill_.replay(samples_key(tid), copy);
    out_ << "]},\"frameTable\":{\"schema\":{\"location\":0,\"relevantForJS\":1,\"innerWindowID\":2,"
            "\"implementation\":3,\"optimizations\":4,\"line\":5,\"column\":6,\"category\":7,"
            "\"subcategory\":8},\"data\":[";
    const auto& frame_names = t.stacks.frames().strings();
    for (size_t i = 0; i < frame_names.size(); ++i)
      out_ << (i ? "," : "") << "[" << t.strings.index(frame_names[i])
           << ",false,0,null,null,null,null,0,0]";
    out_ << "]},\"stackTable\":{\"schema\":{\"prefix\":0,\"frame\":1},\"data\":[";
    const auto& nodes = t.stacks.nodes();
    for (size_t i = 0; i < nodes.size(); ++i) {
      out_ << (i ? "," : "") << "[";
      if (nodes[i].parent == StackTable::kRoot)
        out_ << "null";
      else
        out_ << nodes[i].parent;
      out_ << "," << nodes[i].frame << "]";
    }
    out_ << "]},\"stringTable\":" << json(t.strings.strings()).dump() << "}";
  }

  std::ostream& out_;
  TimeOrigin origin_;
  std::map<int64_t, GeckoThread> threads_;
  ThreadSpill spill_;
};

}  // namespace

std::unique_ptr<ExportWriter> make_firefox_writer(std::ostream& out) {
  return std::make_unique<FirefoxWriter>(out);
}

}  // namespace sysray::exporter
