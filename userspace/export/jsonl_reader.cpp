#include "export/jsonl_reader.h"

#include <nlohmann/json.hpp>

#include "util/message.h"

namespace sysray::exporter {

using json = nlohmann::json;

std::string CallRecord::thread_name() const { return comm + " (" + std::to_string(tid) + ")"; }

namespace {

// After this many warnings the rest are only counted: a file of garbage must not flood stderr.
constexpr uint64_t kMaxWarnings = 100;

// A field sysray writes as an integer holds something else (a float such as 4.2e43, whose
// conversion to an integer would be undefined behaviour): the line is not sysray's, refused as
// json's own type errors are (read_all catches json::exception).
struct NotAnInteger : json::exception {
  explicit NotAnInteger(const std::string& what) : json::exception(0, what.c_str()) {}
};

int64_t integer(const json& v, const char* name) {
  if (!v.is_number_integer()) throw NotAnInteger(std::string(name) + " is not an integer");
  return v.get<int64_t>();
}
int64_t integer_at(const json& j, const char* key) { return integer(j.at(key), key); }
int64_t integer_or(const json& j, const char* key, int64_t absent) {
  auto it = j.find(key);
  return it == j.end() ? absent : integer(*it, key);
}

// A frame of `trace -k`'s stack array by the name people know it by: the function, else where
// it is in its object, else the bare address.
std::string frame_name(const json& frame) {
  if (frame.contains("symbol")) return frame["symbol"].get<std::string>();
  if (frame.contains("object"))
    return frame["object"].get<std::string>() + "+" + frame.value("offset", std::string("0x0"));
  return frame.value("addr", std::string("?"));
}

std::string address_text(const json& a) {
  if (!a.is_object()) return a.dump();
  return a.value("addr", std::string("?")) + ":" + std::to_string(integer_or(a, "port", 0));
}

void fill_common(const json& j, CallRecord& r) {
  r.ts_ns = integer_at(j, "ts_ns");
  r.pid = integer_at(j, "pid");
  r.tid = integer_at(j, "tid");
  r.comm = j.at("comm").get<std::string>();
  r.dur_ns = integer_or(j, "dur_ns", 0);
  if (j.contains("ret") && !j["ret"].is_null()) r.ret = integer(j["ret"], "ret");
  r.error = j.value("errno", std::string());
}

CallRecord syscall_record(const json& j) {
  CallRecord r;
  fill_common(j, r);
  r.name = j.at("syscall").get<std::string>();
  for (const json& arg : j.at("args")) {
    if (!r.args.empty()) r.args += ", ";
    r.args += arg.is_null() ? "NULL" : arg.dump();
  }
  if (j.contains("stack"))
    for (const json& frame : j["stack"]) r.stack.push_back(frame_name(frame));
  return r;
}

CallRecord socket_record(const json& j) {
  CallRecord r;
  fill_common(j, r);
  r.name = j.at("event").get<std::string>();
  r.args = "fd=" + std::to_string(integer_or(j, "fd", -1)) + " " + j.value("proto", std::string("?")) +
           " " + address_text(j.value("local", json())) + " -> " +
           address_text(j.value("remote", json())) + " bytes=" + std::to_string(integer_or(j, "bytes", 0));
  return r;
}

}  // namespace

JsonlReader::JsonlReader(std::istream& in, std::string source_name, uint64_t progress_bytes)
    : in_(in), source_name_(std::move(source_name)), progress_bytes_(progress_bytes) {}

void JsonlReader::warn_bad_line(uint64_t line_number, const std::string& why) {
  ++stats_.bad_lines;
  if (stats_.bad_lines <= kMaxWarnings)
    print_message("{}:{}: not sysray JSON ({}), skipped", source_name_, line_number, why);
  else if (stats_.bad_lines == kMaxWarnings + 1)
    print_message("{}: more lines that are not sysray JSON; counting them without warnings",
                  source_name_);
}

ReadStats JsonlReader::read_all(const std::function<void(const CallRecord&)>& on_call) {
  std::string line;
  uint64_t bytes = 0, next_progress = progress_bytes_;
  while (std::getline(in_, line)) {
    ++stats_.lines;
    bytes += line.size() + 1;
    if (progress_bytes_ && bytes >= next_progress) {
      print_message("export: {} MiB read, {} calls", bytes >> 20, stats_.calls);
      next_progress += progress_bytes_;
    }
    if (line.empty()) continue;
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      warn_bad_line(stats_.lines, "not JSON");
      continue;
    }
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) {
      warn_bad_line(stats_.lines, "no \"type\" field");
      continue;
    }
    const std::string type = j["type"].get<std::string>();
    // Other sysray objects (exit, signal, lost, summaries, syscall_enter, whose call a later
    // syscall object repeats) carry no finished call.
    if (type != "syscall" && type != "socket") continue;
    CallRecord call;
    try {
      call = type == "syscall" ? syscall_record(j) : socket_record(j);
    } catch (const json::exception&) {
      warn_bad_line(stats_.lines, "a " + type + " object without the fields of docs/JSON.md");
      continue;
    }
    ++stats_.calls;
    on_call(call);
  }
  if (stats_.bad_lines > kMaxWarnings)
    print_message("{}: {} lines in all were not sysray JSON", source_name_, stats_.bad_lines);
  return stats_;
}

}  // namespace sysray::exporter
