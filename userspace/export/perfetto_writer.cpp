// A Perfetto trace (protos/perfetto/trace/trace.proto) written by hand, no SDK: a
// TrackDescriptor per process and per thread (the thread's under its process), then for each
// call a TrackEvent SLICE_BEGIN carrying the name, the arguments as debug annotations and the
// user stack as `callstack`, and a SLICE_END at its return. Streams: only the tracks already
// described are remembered.
#include <optional>
#include <set>

#include "export/format_writers.h"
#include "export/proto_writer.h"

namespace sysray::exporter {
namespace {

// Field numbers, from Perfetto's .proto files.
namespace trace_proto {
constexpr uint32_t kPacket = 1;
}
namespace packet {
constexpr uint32_t kTimestamp = 8, kSequenceId = 10, kTrackEvent = 11, kTrackDescriptor = 60;
}
namespace track_descriptor {
constexpr uint32_t kUuid = 1, kName = 2, kProcess = 3, kThread = 4, kParentUuid = 5;
}
namespace process_descriptor {
constexpr uint32_t kPid = 1, kProcessName = 6;
}
namespace thread_descriptor {
constexpr uint32_t kPid = 1, kTid = 2, kThreadName = 5;
}
namespace track_event {
constexpr uint32_t kDebugAnnotations = 4, kType = 9, kTrackUuid = 11, kCategories = 22,
                   kName = 23, kCallstack = 55;
constexpr uint64_t kSliceBegin = 1, kSliceEnd = 2;
}
namespace debug_annotation {
constexpr uint32_t kIntValue = 4, kStringValue = 6, kName = 10;
}
namespace callstack {
constexpr uint32_t kFrames = 1, kFunctionName = 1;
}

// Our own writer's sequence: trace processor wants one on every packet.
constexpr uint64_t kSequence = 1;

// Track uuids: odd for a process, even for a thread, so that pid 5 and tid 5 differ.
uint64_t process_uuid(int64_t pid) { return static_cast<uint64_t>(pid) * 2 + 1; }
uint64_t thread_uuid(int64_t tid) { return static_cast<uint64_t>(tid) * 2; }

ProtoMessage string_annotation(const std::string& name, const std::string& value) {
  ProtoMessage a;
  a.bytes(debug_annotation::kName, name).bytes(debug_annotation::kStringValue, value);
  return a;
}

class PerfettoWriter : public ExportWriter {
 public:
  explicit PerfettoWriter(std::ostream& out) : out_(out) {}

  void add(const CallRecord& call) override {
    describe_tracks(call);
    ProtoMessage begin;
    begin.varint(track_event::kType, track_event::kSliceBegin)
        .varint(track_event::kTrackUuid, thread_uuid(call.tid))
        .bytes(track_event::kCategories, "syscall")
        .bytes(track_event::kName, call.name)
        .message(track_event::kDebugAnnotations, string_annotation("args", call.args));
    if (call.ret) {
      ProtoMessage ret;
      ret.bytes(debug_annotation::kName, "ret")
          .varint(debug_annotation::kIntValue, static_cast<uint64_t>(*call.ret));
      begin.message(track_event::kDebugAnnotations, ret);
    }
    if (!call.error.empty())
      begin.message(track_event::kDebugAnnotations, string_annotation("errno", call.error));
    if (!call.stack.empty()) {
      ProtoMessage stack;
      for (const auto& name : call.stack)  // innermost first, as Callstack wants them
        stack.message(callstack::kFrames, ProtoMessage().bytes(callstack::kFunctionName, name));
      begin.message(track_event::kCallstack, stack);
    }
    packet(call.ts_ns, packet::kTrackEvent, begin);
    ProtoMessage end;
    end.varint(track_event::kType, track_event::kSliceEnd)
        .varint(track_event::kTrackUuid, thread_uuid(call.tid));
    packet(call.ts_ns + call.dur_ns, packet::kTrackEvent, end);
  }

  void finish() override { out_.flush(); }

 private:
  void describe_tracks(const CallRecord& call) {
    if (processes_.insert(call.pid).second) {
      ProtoMessage process;
      process.varint(process_descriptor::kPid, static_cast<uint64_t>(call.pid))
          .bytes(process_descriptor::kProcessName, call.comm);
      ProtoMessage track;
      track.varint(track_descriptor::kUuid, process_uuid(call.pid))
          .message(track_descriptor::kProcess, process);
      packet(std::nullopt, packet::kTrackDescriptor, track);
    }
    if (threads_.insert(call.tid).second) {
      ProtoMessage thread;
      thread.varint(thread_descriptor::kPid, static_cast<uint64_t>(call.pid))
          .varint(thread_descriptor::kTid, static_cast<uint64_t>(call.tid))
          .bytes(thread_descriptor::kThreadName, call.comm);
      ProtoMessage track;
      track.varint(track_descriptor::kUuid, thread_uuid(call.tid))
          .varint(track_descriptor::kParentUuid, process_uuid(call.pid))
          .bytes(track_descriptor::kName, call.thread_name())
          .message(track_descriptor::kThread, thread);
      packet(std::nullopt, packet::kTrackDescriptor, track);
    }
  }

  // One TracePacket, written at once as a Trace.packet field: a trace is just their sequence.
  void packet(std::optional<int64_t> ts_ns, uint32_t field, const ProtoMessage& body) {
    ProtoMessage p;
    if (ts_ns) p.varint(packet::kTimestamp, static_cast<uint64_t>(*ts_ns));
    p.varint(packet::kSequenceId, kSequence).message(field, body);
    ProtoMessage trace;
    trace.message(trace_proto::kPacket, p);
    out_.write(trace.data().data(), static_cast<std::streamsize>(trace.data().size()));
  }

  std::ostream& out_;
  std::set<int64_t> processes_, threads_;
};

}  // namespace

std::unique_ptr<ExportWriter> make_perfetto_writer(std::ostream& out) {
  return std::make_unique<PerfettoWriter>(out);
}

}  // namespace sysray::exporter
