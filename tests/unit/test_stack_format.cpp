// trace -k's frame rendering (format/stack_format.h): strace's lines and the JSON array.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "format/stack_format.h"

using namespace sysray;

namespace {

StackFrame socket_frame() {
  StackFrame f;
  f.addr = 0x7f000010adc7;
  f.object = "/usr/lib/x86_64-linux-gnu/libc.so.6";
  f.offset = 0x10adc7;
  f.symbol = "__socket";
  f.symbol_offset = 7;
  return f;
}

}  // namespace

TEST_CASE("strace's frame lines", "[stacks]") {
  StackFrame f = socket_frame();
  CHECK(strace_frame_line(f, false) == " > /usr/lib/x86_64-linux-gnu/libc.so.6(__socket+0x7) [0x10adc7]");
  f.file = "socket.c";
  f.line = 42;
  CHECK(strace_frame_line(f, true) == " > /usr/lib/x86_64-linux-gnu/libc.so.6(__socket+0x7) [0x10adc7] socket.c:42");
  CHECK(strace_frame_line(f, false) == " > /usr/lib/x86_64-linux-gnu/libc.so.6(__socket+0x7) [0x10adc7]");
  f.symbol.clear();
  CHECK(strace_frame_line(f, false) == " > /usr/lib/x86_64-linux-gnu/libc.so.6() [0x10adc7]");
  f.object.clear();
  CHECK(strace_frame_line(f, false) == " > unexpected_backtracing_error [0x7f000010adc7]");
  fmt::memory_buffer buf;
  append_stack_lines(buf, {socket_frame(), f}, false);
  CHECK(fmt::to_string(buf) ==
        " > /usr/lib/x86_64-linux-gnu/libc.so.6(__socket+0x7) [0x10adc7]\n"
        " > unexpected_backtracing_error [0x7f000010adc7]\n");
}

TEST_CASE("the JSON stack array", "[stacks][json]") {
  StackFrame with_line = socket_frame();
  with_line.file = "sys\"x.c";
  with_line.line = 9;
  StackFrame unknown;
  unknown.addr = 0x1234;
  fmt::memory_buffer buf;
  buf.push_back('{');
  append_json_stack(buf, {with_line, socket_frame(), unknown});
  buf.push_back('}');
  auto j = nlohmann::json::parse(fmt::to_string(buf));
  REQUIRE(j["stack"].size() == 3);
  CHECK(j["stack"][0] == nlohmann::json::parse(
                             R"({"addr":"0x7f000010adc7","object":"/usr/lib/x86_64-linux-gnu/libc.so.6",)"
                             R"("offset":"0x10adc7","symbol":"__socket","symbol_offset":7,"file":"sys\"x.c","line":9})"));
  CHECK_FALSE(j["stack"][1].contains("file"));
  CHECK(j["stack"][2] == nlohmann::json::parse(R"({"addr":"0x1234"})"));
}
