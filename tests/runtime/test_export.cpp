// sysray export on a real trace: stack_calls traced with trace -k --json, converted to each
// format, which must name the thread, the getppid calls and the frames that made them.
#include <catch2/catch.hpp>

#include "runtime_support.h"

using namespace sysray::test;

namespace {

// The frames of stack_calls' first getppid, below libc's syscall().
const std::vector<std::string> kFrames = {"stack_inner()", "stack_outer()"};

struct RecordedTrace {
  TempDir dir;
  std::string jsonl;
  int64_t tid = 0;
};

// trace -k --json of stack_calls' getppid calls, into dir/trace.jsonl.
void record(RecordedTrace& t) {
  t.jsonl = t.dir.file("trace.jsonl");
  auto r = run_sysray({"trace", "-k", "--json", "-e", "getppid", "-o", t.jsonl, "--",
                       workload("stack_calls")});
  require_clean_exit(r);
  std::string error;
  auto calls = select(parse_json_lines(read_file(t.jsonl), &error), "syscall", "getppid");
  REQUIRE(error.empty());
  REQUIRE(calls.size() == 2);
  t.tid = calls[0]["tid"].get<int64_t>();
}

std::string export_to(const RecordedTrace& t, const std::string& format,
                      std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"export", "--format", format, "-o", t.dir.file(format)};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(t.jsonl);
  auto r = run_sysray(args);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  return read_file(t.dir.file(format));
}

// A length-delimited protobuf field as it appears on the wire (short values only).
std::string proto_field(unsigned field, const std::string& value) {
  std::string out;
  unsigned key = field << 3 | 2;
  for (; key >= 0x80; key >>= 7) out.push_back(static_cast<char>((key & 0x7f) | 0x80));
  out.push_back(static_cast<char>(key));
  out.push_back(static_cast<char>(value.size()));
  return out + value;
}

}  // namespace

TEST_CASE("export: a trace -k of stack_calls in every format", "[export]") {
  RecordedTrace t;
  record(t);
  const std::string thread = "stack_calls (" + std::to_string(t.tid) + ")";
  INFO("thread " << thread);

  SECTION("firefox") {
    json profile = json::parse(export_to(t, "firefox"));
    REQUIRE(profile["threads"].size() == 1);
    const json& th = profile["threads"][0];
    CHECK(th["name"] == thread);
    CHECK(th["markers"]["data"].size() == 2);
    std::vector<std::string> strings = th["stringTable"];
    for (const auto& name : kFrames) CHECK(std::count(strings.begin(), strings.end(), name) == 1);
    CHECK(std::count(strings.begin(), strings.end(), "getppid") == 1);
  }
  SECTION("chrome") {
    json trace = json::parse(export_to(t, "chrome"));
    int calls = 0;
    bool named = false;
    for (const json& e : trace["traceEvents"]) {
      calls += e["ph"] == "X" && e["name"] == "getppid" && e["tid"] == t.tid;
      named |= e["ph"] == "M" && e["args"]["name"] == thread;
    }
    CHECK(calls == 2);
    CHECK(named);
    std::vector<std::string> frames;
    for (const auto& [id, frame] : trace["stackFrames"].items()) frames.push_back(frame["name"]);
    for (const auto& name : kFrames) CHECK(std::count(frames.begin(), frames.end(), name) == 1);
  }
  SECTION("speedscope") {
    json file = json::parse(export_to(t, "speedscope"));
    REQUIRE(file["profiles"].size() == 1);
    CHECK(file["profiles"][0]["name"] == thread);
    std::vector<std::string> frames;
    for (const json& f : file["shared"]["frames"]) frames.push_back(f["name"]);
    for (const auto& name : kFrames) CHECK(std::count(frames.begin(), frames.end(), name) == 1);
    CHECK(std::count(frames.begin(), frames.end(), "getppid") == 1);
  }
  SECTION("folded") {
    auto lines = split_lines(export_to(t, "folded"));
    REQUIRE(lines.size() == 2);  // two different stacks, one call each
    bool deep = false;
    for (const auto& line : lines) {
      CHECK(line.starts_with("stack_calls;"));
      CHECK(line.ends_with(";getppid 1"));
      deep |= line.find(";stack_outer();stack_inner();syscall;getppid 1") != std::string::npos;
    }
    CHECK(deep);
  }
  SECTION("perfetto") {
    std::string trace = export_to(t, "perfetto");
    CHECK(trace.find(proto_field(2, thread)) != std::string::npos);          // track name
    CHECK(trace.find(proto_field(23, "getppid")) != std::string::npos);      // slice name
    for (const auto& name : kFrames)                                          // Frame.function_name
      CHECK(trace.find(proto_field(1, name)) != std::string::npos);
  }
}

TEST_CASE("export: a line that is not sysray JSON is one warning, the rest converts, exit 2",
          "[export][errors]") {
  RecordedTrace t;
  record(t);
  std::string text = read_file(t.jsonl);
  write_file(t.jsonl, "not json at all\n" + text);
  auto r = run_sysray({"export", "--format", "folded", t.jsonl});
  CHECK(r.exit_code == 2);
  CHECK(r.err.starts_with("sysray: " + t.jsonl + ":1: not sysray JSON (not JSON), skipped\n"));
  CHECK(r.out.find(";getppid 1\n") != std::string::npos);
}

TEST_CASE("export: an unknown format is one line and exit 2", "[export][errors]") {
  TempDir dir;
  write_file(dir.file("in.jsonl"), "");
  auto r = run_sysray({"export", "--format", "svg", dir.file("in.jsonl")});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid --format value 'svg': expected one of firefox, perfetto, chrome, "
                 "folded, speedscope\n");
}
