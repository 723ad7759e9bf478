// trace -k's frame output (stacks/frame_format.h): strace -k's lines and the JSON objects.
#include <catch2/catch.hpp>

#include "stacks/frame_format.h"

using namespace sysray::stacks;

namespace {

Frame named() {
  Frame f;
  f.addr = 0x7f3a1c732dc7;
  f.object = "/usr/lib/x86_64-linux-gnu/libc.so.6";
  f.offset = 0x10adc7;
  f.symbol = "__socket";
  f.symbol_offset = 7;
  return f;
}

}  // namespace

TEST_CASE("stacks: strace -k's line for a named frame", "[stacks]") {
  CHECK(strace_line(named()) == " > /usr/lib/x86_64-linux-gnu/libc.so.6(__socket+0x7) [0x10adc7]");
  Frame f = named();
  f.symbol_offset = 0;
  CHECK(strace_line(f) == " > /usr/lib/x86_64-linux-gnu/libc.so.6(__socket+0x0) [0x10adc7]");
}

TEST_CASE("stacks: strace -k's lines without a symbol, and outside any object", "[stacks]") {
  Frame f = named();
  f.symbol.clear();
  CHECK(strace_line(f) == " > /usr/lib/x86_64-linux-gnu/libc.so.6() [0x10adc7]");
  Frame vdso;
  vdso.addr = 0x7ffd5e1f4c01;
  vdso.object = "[vdso]";
  vdso.offset = 0xc01;
  CHECK(strace_line(vdso) == " > [vdso]() [0xc01]");
  Frame lost;
  lost.addr = 0x559193033dd8;
  CHECK(strace_line(lost) == " > unexpected_backtracing_error [0x559193033dd8]");
}

TEST_CASE("stacks: source lines follow a named frame when asked for", "[stacks]") {
  Frame f = named();
  f.symbol = "worker::run(int)";
  f.file = "/src/worker.cpp";
  f.line = 42;
  CHECK(strace_line(f, true) ==
        " > /usr/lib/x86_64-linux-gnu/libc.so.6(worker::run(int)+0x7) [0x10adc7] /src/worker.cpp:42");
  CHECK(strace_line(f, false) == " > /usr/lib/x86_64-linux-gnu/libc.so.6(worker::run(int)+0x7) [0x10adc7]");
}

TEST_CASE("stacks: the JSON object of a frame has only what is known, in a fixed order", "[stacks]") {
  CHECK(frame_json(named()).dump() ==
        R"({"addr":"0x7f3a1c732dc7","object":"/usr/lib/x86_64-linux-gnu/libc.so.6","offset":"0x10adc7",)"
        R"("symbol":"__socket","symbol_offset":7})");
  Frame f = named();
  f.file = "a \"b\".c";
  f.line = 3;
  CHECK(frame_json(f).dump() ==
        R"({"addr":"0x7f3a1c732dc7","object":"/usr/lib/x86_64-linux-gnu/libc.so.6","offset":"0x10adc7",)"
        R"("symbol":"__socket","symbol_offset":7,"file":"a \"b\".c","line":3})");
  f.symbol.clear();
  f.file.clear();
  CHECK(frame_json(f).dump() ==
        R"({"addr":"0x7f3a1c732dc7","object":"/usr/lib/x86_64-linux-gnu/libc.so.6","offset":"0x10adc7"})");
  Frame lost;
  lost.addr = 0x10;
  CHECK(frame_json(lost).dump() == R"({"addr":"0x10"})");
}
