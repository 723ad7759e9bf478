#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "export_fixtures.h"

using namespace sysray::test;
using json = nlohmann::json;

namespace {

std::vector<json> events_with(const json& trace, const std::string& ph) {
  std::vector<json> out;
  for (const auto& e : trace["traceEvents"])
    if (e["ph"] == ph) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("export chrome: X events with dur, M names, stacks through stackFrames", "[export]") {
  json trace = json::parse(convert("chrome").output);
  auto names = events_with(trace, "M");
  REQUIRE(names.size() == 3);
  CHECK(names[0] == json::parse(R"({"ph":"M","name":"process_name","pid":100,"tid":100,"args":{"name":"app"}})"));
  CHECK(names[1] == json::parse(R"j({"ph":"M","name":"thread_name","pid":100,"tid":100,"args":{"name":"app (100)"}})j"));
  CHECK(names[2] == json::parse(R"j({"ph":"M","name":"thread_name","pid":100,"tid":101,"args":{"name":"worker (101)"}})j"));

  auto calls = events_with(trace, "X");
  REQUIRE(calls.size() == 3);
  const json& openat = calls[0];
  CHECK(openat["name"] == "openat");
  CHECK(openat["cat"] == "syscall");
  CHECK(openat["pid"] == 100);
  CHECK(openat["tid"] == 100);
  CHECK(openat["ts"] == 0.0);
  CHECK(openat["dur"] == 5.0);  // microseconds
  CHECK(openat["args"] == json::parse(R"({"args":"\"AT_FDCWD\", \"/etc/hosts\", \"O_RDONLY|O_CLOEXEC\"","ret":3})"));
  const json& bind = calls[1];
  CHECK(bind["ts"] == 10.0);
  CHECK(bind["dur"] == 2.5);
  CHECK(bind["args"]["errno"] == "EADDRINUSE");
  CHECK(bind["args"]["ret"] == -1);
  CHECK_FALSE(bind.contains("sf"));
  CHECK(calls[2]["args"]["ret"].is_null());

  // The stack: innermost node first, following "parent" to the outermost.
  std::vector<std::string> frames;
  const json& stack_frames = trace["stackFrames"];
  json node = openat["sf"];
  while (!node.is_null()) {
    const json& frame = stack_frames.at(node.get<std::string>());
    frames.push_back(frame["name"]);
    node = frame.value("parent", json());
  }
  CHECK(frames == std::vector<std::string>{"openat", "load_hosts()", "/bin/app+0x1100"});
  CHECK(trace["otherData"]["origin_ns"] == 1000000000);
}
