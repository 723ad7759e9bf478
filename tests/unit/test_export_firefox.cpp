// The Gecko profile read the way the Firefox Profiler's importer reads it: tables by their
// schema, strings through the thread's stringTable, stacks through stackTable and frameTable.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "export_fixtures.h"

using namespace sysray::test;
using json = nlohmann::json;

namespace {

// A table's column by the schema's name.
const json& column(const json& table, const json& row, const std::string& name) {
  return row.at(table["schema"].at(name).get<size_t>());
}

// Innermost first, by name.
std::vector<std::string> stack_names(const json& thread, json stack) {
  std::vector<std::string> names;
  const json& stacks = thread["stackTable"];
  const json& frames = thread["frameTable"];
  while (!stack.is_null()) {
    const json& row = stacks["data"].at(stack.get<size_t>());
    const json& frame = frames["data"].at(column(stacks, row, "frame").get<size_t>());
    names.push_back(thread["stringTable"].at(column(frames, frame, "location").get<size_t>()));
    stack = column(stacks, row, "prefix");
  }
  return names;
}

}  // namespace

TEST_CASE("export firefox: a thread per traced thread, interval markers, stacks", "[export]") {
  json profile = json::parse(convert("firefox").output);
  CHECK(profile["meta"]["version"] == 24);
  CHECK(profile["meta"]["startTime"] == 1000.0);  // ms since the epoch
  CHECK(profile["meta"]["markerSchema"][0]["name"] == "Syscall");
  const json& threads = profile["threads"];
  REQUIRE(threads.size() == 2);
  const json& app = threads[0];
  CHECK(app["name"] == "app (100)");
  CHECK(app["tid"] == 100);
  CHECK(app["pid"] == 100);
  CHECK(app["processName"] == "app");
  CHECK(threads[1]["name"] == "worker (101)");

  const json& markers = app["markers"];
  REQUIRE(markers["data"].size() == 2);
  const json& openat = markers["data"][0];
  CHECK(app["stringTable"].at(column(markers, openat, "name").get<size_t>()) == "openat");
  CHECK(column(markers, openat, "startTime") == 0.0);
  CHECK(column(markers, openat, "endTime") == 0.005);
  CHECK(column(markers, openat, "phase") == 1);  // interval
  const json& data = column(markers, openat, "data");
  CHECK(data["type"] == "Syscall");
  CHECK(data["args"] == R"("AT_FDCWD", "/etc/hosts", "O_RDONLY|O_CLOEXEC")");
  CHECK(data["ret"] == 3);
  CHECK(data["dur_ns"] == 5000);
  const json& cause = data["stack"]["samples"];
  CHECK(stack_names(app, column(cause, cause["data"][0], "stack")) ==
        std::vector<std::string>{"openat", "openat", "load_hosts()", "/bin/app+0x1100"});

  // A sample at each call's start, its stack ending in the call.
  const json& samples = app["samples"];
  REQUIRE(samples["data"].size() == 2);
  CHECK(column(samples, samples["data"][1], "time") == 0.03);
  CHECK(stack_names(app, column(samples, samples["data"][1], "stack")) ==
        std::vector<std::string>{"exit_group"});
  CHECK(column(markers, markers["data"][1], "data")["ret"].is_null());

  const json& worker_marker = threads[1]["markers"]["data"][0];
  CHECK(column(markers, worker_marker, "data")["errno"] == "EADDRINUSE");
  CHECK(column(markers, worker_marker, "startTime") == 0.01);
}
