#include <catch2/catch.hpp>

#include "export_fixtures.h"

using namespace sysray::test;
using sysray::exporter::FoldedWeight;

TEST_CASE("export folded: comm;outermost;...;innermost;syscall and the call count", "[export]") {
  auto c = convert("folded");
  CHECK(c.output ==
        "app;/bin/app+0x1100;load_hosts();openat;openat 1\n"
        "app;exit_group 1\n"
        "worker;bind 1\n");
}

TEST_CASE("export folded --weight time: nanoseconds spent per stack", "[export]") {
  std::string twice = std::string(kExportInput) + kExportInput;
  auto c = convert("folded", twice, FoldedWeight::Time);
  CHECK(c.output ==
        "app;/bin/app+0x1100;load_hosts();openat;openat 10000\n"
        "app;exit_group 0\n"
        "worker;bind 5000\n");
}

TEST_CASE("export folded: ';' in a name cannot split a frame", "[export]") {
  auto c = convert("folded",
                   R"({"type":"syscall","ts_ns":1,"pid":1,"tid":1,"comm":"a;b","syscall":"read","args":[],"ret":0,"dur_ns":1})"
                   "\n");
  CHECK(c.output == "a_b;read 1\n");
}
