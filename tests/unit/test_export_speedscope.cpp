#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "export_fixtures.h"

using namespace sysray::test;
using json = nlohmann::json;

TEST_CASE("export speedscope: an evented profile per thread, frames opened and closed in order",
          "[export]") {
  json file = json::parse(convert("speedscope").output);
  CHECK(file["$schema"] == "https://www.speedscope.app/file-format-schema.json");
  const json& frames = file["shared"]["frames"];
  const json& profiles = file["profiles"];
  REQUIRE(profiles.size() == 2);
  const json& app = profiles[0];
  CHECK(app["type"] == "evented");
  CHECK(app["name"] == "app (100)");
  CHECK(app["unit"] == "nanoseconds");
  CHECK(app["startValue"] == 0);
  CHECK(app["endValue"] == 30000);
  CHECK(profiles[1]["name"] == "worker (101)");

  std::vector<std::string> seen;
  for (const json& e : app["events"])
    seen.push_back(e["type"].get<std::string>() + " " + frames.at(e["frame"].get<size_t>())["name"].get<std::string>() +
                   " " + std::to_string(e["at"].get<int64_t>()));
  CHECK(seen == std::vector<std::string>{
                    "O /bin/app+0x1100 0", "O load_hosts() 0", "O openat 0", "O openat 0",
                    "C openat 5000", "C openat 5000", "C load_hosts() 5000", "C /bin/app+0x1100 5000",
                    "O exit_group 30000", "C exit_group 30000"});
  const json& bind = profiles[1]["events"];
  REQUIRE(bind.size() == 2);
  CHECK(bind[0]["at"] == 10000);
  CHECK(bind[1]["at"] == 12500);
}
