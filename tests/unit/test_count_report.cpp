#include <catch2/catch.hpp>

#include "format/count_report.h"

using sysray::SyscallCount;

namespace {

std::vector<SyscallCount> sample() {
  return {
      {"close", 2, 0, 2'000, 1'500},
      {"getppid", 1000, 0, 123'456, 12'345},
      {"openat", 3, 1, 1'544, 900},
      {"never", 0, 0, 0, 0},  // no calls: not shown
      {"access", 1, 1, 2'000, 2'000},
  };
}

std::string table(std::vector<SyscallCount> rows) {
  fmt::memory_buffer buf;
  sysray::append_count_table(buf, std::move(rows));
  return fmt::to_string(buf);
}

}  // namespace

TEST_CASE("the table: strace -c's layout with a max column, most time first", "[count]") {
  CHECK(table(sample()) ==
        "% time     seconds  usecs/call  max usecs     calls    errors syscall\n"
        "------ ----------- ----------- ---------- --------- --------- ----------------\n"
        " 95.70    0.000123           0         12      1000           getppid\n"
        "  1.55    0.000002           2          2         1         1 access\n"
        "  1.55    0.000002           1          1         2           close\n"
        "  1.20    0.000001           0          0         3         1 openat\n"
        "------ ----------- ----------- ---------- --------- --------- ----------------\n"
        "100.00    0.000129           0         12      1006         2 total\n");
}

TEST_CASE("the table: seconds and wide numbers", "[count]") {
  CHECK(table({{"nanosleep", 3, 0, 3'500'000'000, 2'000'000'000}}) ==
        "% time     seconds  usecs/call  max usecs     calls    errors syscall\n"
        "------ ----------- ----------- ---------- --------- --------- ----------------\n"
        "100.00    3.500000     1166666    2000000         3           nanosleep\n"
        "------ ----------- ----------- ---------- --------- --------- ----------------\n"
        "100.00    3.500000     1166666    2000000         3           total\n");
}

TEST_CASE("the table with nothing counted", "[count]") {
  CHECK(table({}) ==
        "% time     seconds  usecs/call  max usecs     calls    errors syscall\n"
        "------ ----------- ----------- ---------- --------- --------- ----------------\n"
        "------ ----------- ----------- ---------- --------- --------- ----------------\n"
        "100.00    0.000000           0          0         0           total\n");
}

TEST_CASE("the JSON summary, sorted like the table", "[count]") {
  fmt::memory_buffer buf;
  sysray::append_count_json(
      buf, {{"close", 2, 0, 2'000, 1'500}, {"getppid", 1000, 0, 123'456, 12'345}}, 4);
  sysray::append_count_json(buf, {{"close", 2, 0, 2'000, 1'500}}, 0, 3);
  CHECK(fmt::to_string(buf) ==
        "{\"type\":\"summary\",\"syscalls\":["
        "{\"syscall\":\"getppid\",\"calls\":1000,\"errors\":0,\"total_ns\":123456,\"avg_ns\":123,"
        "\"max_ns\":12345},"
        "{\"syscall\":\"close\",\"calls\":2,\"errors\":0,\"total_ns\":2000,\"avg_ns\":1000,"
        "\"max_ns\":1500}],\"lost\":4}\n"
        "{\"type\":\"summary\",\"interval\":3,\"syscalls\":["
        "{\"syscall\":\"close\",\"calls\":2,\"errors\":0,\"total_ns\":2000,\"avg_ns\":1000,"
        "\"max_ns\":1500}],\"lost\":0}\n");
}

TEST_CASE("sort_counts: time descending, ties by name, empty rows dropped", "[count]") {
  auto rows = sample();
  sysray::sort_counts(rows);
  std::vector<std::string> names;
  for (const auto& r : rows) names.push_back(r.name);
  CHECK(names == std::vector<std::string>{"getppid", "access", "close", "openat"});
}
