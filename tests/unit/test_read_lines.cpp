// for_each_line: every line once, whole, whatever the chunk boundaries.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "util/read_lines.h"

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::string path = "/tmp/sysray-read-lines-test";
  std::ofstream(path) << text;
  std::vector<std::string> out;
  CHECK(sysray::for_each_line(path.c_str(), [&](std::string_view l) { out.emplace_back(l); }));
  std::remove(path.c_str());
  return out;
}

}  // namespace

TEST_CASE("read lines: short lines, an empty one, no final newline", "[read_lines]") {
  CHECK(lines_of("a\n\nbc\nlast") == std::vector<std::string>{"a", "", "bc", "last"});
  CHECK(lines_of("one\n") == std::vector<std::string>{"one"});
  CHECK(lines_of("").empty());
}

TEST_CASE("read lines: lines across chunk boundaries and longer than a chunk", "[read_lines]") {
  std::string text;
  std::vector<std::string> expected;
  for (int i = 0; i < 60000; ++i) expected.push_back("ffffffff8100" + std::to_string(i) + " T f");
  expected.push_back(std::string(600 * 1024, 'x'));  // longer than the 256 KiB buffer
  expected.push_back("tail");
  for (const auto& l : expected) text += l + "\n";
  CHECK(lines_of(text) == expected);
}

TEST_CASE("read lines: a missing file", "[read_lines]") {
  CHECK_FALSE(sysray::for_each_line("/nonexistent/sysray", [](std::string_view) {}));
}
