// sysray inflight's userspace pieces: task states, wait texts, a thread's text and JSON, the
// kernel symbol table, --min-wait's durations, and the enter-time captures read from a
// process's memory (this test's own).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/duration.h"
#include "decode/capture_recipe.h"
#include "format/inflight_format.h"
#include "inflight/enter_captures.h"
#include "inflight/process_memory.h"
#include "inflight/thread_report.h"
#include "kernel/kernel_symbols.h"
#include "util/user_error.h"

using namespace sysray;

TEST_CASE("task states read as /proc reports them", "[inflight]") {
  CHECK(task_state_letter(0, 0) == 'R');
  CHECK(task_state_letter(1, 0) == 'S');
  CHECK(task_state_letter(2, 0) == 'D');
  CHECK(task_state_letter(0x402, 0) == 'I');  // TASK_IDLE
  CHECK(task_state_letter(4, 0) == 'T');
  CHECK(task_state_letter(8, 0) == 't');
  CHECK(task_state_letter(0, 32) == 'Z');     // EXIT_ZOMBIE
  CHECK(task_state_name('D') == "disk sleep");
  CHECK(task_state_name('S') == "sleeping");
}

TEST_CASE("a wait from when the thread left the CPU, or, once migrated, from when it last ran",
          "[inflight]") {
  sr_thread_snapshot s{};
  s.now_ns = 90'000'000'000;
  s.switched_out_ns = 88'500'000'000;
  s.rq_now_ns = 95'000'000'000;
  s.arrived_ns = 93'000'000'000;
  CHECK(waited_ns(s) == 1'500'000'000);
  // Another CPU's clock may be a little ahead of the iterating one's: no wait, not 584 years.
  s.switched_out_ns = 90'000'000'001;
  CHECK(waited_ns(s) == 0);
  // exec_start zeroed by a migration (enqueue_entity, ENQUEUE_MIGRATED): never "now - 0", which
  // read as the machine's uptime in minutes.
  s.switched_out_ns = 0;
  CHECK(waited_ns(s) == 2'000'000'000);
  s.arrived_ns = 0;  // no CONFIG_SCHED_INFO
  CHECK(waited_ns(s) == 0);
}

TEST_CASE("waits under a minute in seconds, then in minutes as Go's dump counts them",
          "[inflight]") {
  CHECK(wait_text(0) == "0.000 s");
  CHECK(wait_text(2'503'999'999) == "2.503 s");
  CHECK(wait_text(59'999'999'999) == "59.999 s");
  CHECK(wait_text(60'000'000'000) == "1 minute");
  CHECK(wait_text(1390ull * 60'000'000'000) == "1390 minutes");
}

namespace {

ThreadReport blocked_reader() {
  ThreadReport t;
  t.pid = 4242;
  t.tid = 4243;
  t.comm = "worker";
  t.state = 'S';
  t.state_name = task_state_name('S');
  t.waited_ns = 1390ull * 60'000'000'000 + 5;
  SyscallEvent ev;
  ev.nr = 0;
  t.call = ev;
  t.call_name = "read";
  decode::DecodedArg fd;
  fd.kind = decode::DecodedArg::Kind::Int;
  fd.value = 3;
  fd.text = "3";
  decode::DecodedArg buf;
  buf.text = "0x7ffd0000";
  buf.at_exit = true;
  decode::DecodedArg len;
  len.kind = decode::DecodedArg::Kind::Unsigned;
  len.value = 64;
  len.text = "64";
  t.args = {fd, buf, len};
  t.kernel_stack = {{0xffffffff816dbe87, "vfs_read", 0x397, ""}, {0xffffffffc0001000, "", 0, ""}};
  StackFrame f;
  f.addr = 0x7f00000f82ec;
  f.object = "/usr/lib/x86_64-linux-gnu/libc.so.6";
  f.offset = 0xf82ec;
  f.symbol = "read";
  f.symbol_offset = 0x4c;
  t.stack = {f};
  return t;
}

}  // namespace

TEST_CASE("a blocked thread in text: Go's header, kernel frames, then strace -k's", "[inflight]") {
  fmt::memory_buffer buf;
  append_thread_text(buf, blocked_reader(), false);
  CHECK(fmt::to_string(buf) ==
        "thread 4243 (worker) [read, 1390 minutes]: read(3, ...)\n"
        " > [kernel] vfs_read+0x397\n"
        " > [kernel] 0xffffffffc0001000\n"
        " > /usr/lib/x86_64-linux-gnu/libc.so.6(read+0x4c) [0xf82ec]\n"
        "\n");

  ThreadReport running;
  running.tid = 7;
  running.comm = "spin";
  running.on_cpu = true;
  running.state = 'R';
  buf.clear();
  append_thread_text(buf, running, false);
  CHECK(fmt::to_string(buf) == "thread 7 (spin) [running]\n\n");

  ThreadReport faulting = running;
  faulting.on_cpu = false;
  faulting.state = 'D';
  faulting.state_name = task_state_name('D');
  faulting.waited_ns = 1'500'000'000;
  buf.clear();
  append_thread_text(buf, faulting, false);
  CHECK(fmt::to_string(buf) == "thread 7 (spin) [disk sleep, 1.500 s]\n\n");
}

TEST_CASE("a blocked thread in JSON", "[inflight]") {
  fmt::memory_buffer buf;
  append_json_thread(buf, blocked_reader());
  std::string line = fmt::to_string(buf);
  REQUIRE(line.back() == '\n');
  auto j = nlohmann::json::parse(line);
  CHECK(j["type"] == "thread");
  CHECK(j["pid"] == 4242);
  CHECK(j["tid"] == 4243);
  CHECK(j["comm"] == "worker");
  CHECK(j["state"] == "sleeping");
  CHECK(j["on_cpu"] == false);
  CHECK(j["syscall"] == "read");
  CHECK(j["args"] == nlohmann::json::parse("[3,null,64]"));
  CHECK(j["blocked_ns"] == 1390ull * 60'000'000'000 + 5);
  CHECK(j["stack"][0]["symbol"] == "read");
  CHECK(j["kernel_stack"] == nlohmann::json::parse(
                                 R"([{"addr":"0xffffffff816dbe87","symbol":"vfs_read","offset":919},)"
                                 R"({"addr":"0xffffffffc0001000"}])"));
}

TEST_CASE("kernel addresses named from kallsyms text", "[inflight]") {
  std::istringstream text(
      "ffffffff81000000 T _stext\n"
      "ffffffff816dbaf0 T vfs_read\n"
      "ffffffff816dc000 d some_data\n"
      "ffffffff816dc920 t ksys_read\n"
      "0000000000000000 T hidden\n"
      "ffffffffc0001000 t mod_func\t[nf_tables]\n");
  KernelSymbols syms(text);
  auto f = syms.frame(0xffffffff816dbe87);
  CHECK(f.symbol == "vfs_read");
  CHECK(f.offset == 0x397);
  CHECK(f.module == "");
  CHECK(syms.frame(0xffffffff816dc9e3).symbol == "ksys_read");  // data symbols skipped
  auto m = syms.frame(0xffffffffc0001010);
  CHECK(m.symbol == "mod_func");
  CHECK(m.module == "nf_tables");
  CHECK(syms.frame(0x1000).symbol == "");
  // Far past the last symbol of a region (no sizes in kallsyms): unnamed, not mod_func+0x3ff000.
  CHECK(syms.frame(0xffffffffc0400000).symbol == "");
  CHECK(syms.frame(0xffffffffc0400000).offset == 0);
}

TEST_CASE("--min-wait durations", "[inflight]") {
  CHECK(parse_duration_ns("5s", "--min-wait") == 5'000'000'000);
  CHECK(parse_duration_ns("5", "--min-wait") == 5'000'000'000);
  CHECK(parse_duration_ns("250ms", "--min-wait") == 250'000'000);
  CHECK(parse_duration_ns("2m", "--min-wait") == 120'000'000'000);
  CHECK(parse_duration_ns("1.5h", "--min-wait") == 5'400'000'000'000);
  CHECK_THROWS_WITH(parse_duration_ns("5parsecs", "--min-wait"),
                    "invalid --min-wait value '5parsecs': expected a duration such as 5s, 250ms, "
                    "2m or 1h");
  CHECK_THROWS_AS(parse_duration_ns("", "--min-wait"), UserError);
  CHECK_THROWS_AS(parse_duration_ns("-1s", "--min-wait"), UserError);
}

TEST_CASE("enter-time captures read from a live process's memory", "[inflight]") {
  ProcessMemory mem(getpid());
  REQUIRE(mem.readable());
  static const char path[] = "/etc/hosts";
  static const char payload[] = "0123456789abcdef";
  sr_syscall_captures plan{};
  plan.cap[0] = decode::Read::string().at(1).spec;
  plan.cap[1] = decode::Read::bytes().at(2).length_arg(3).spec;
  SyscallEvent ev;
  ev.args[1] = reinterpret_cast<uint64_t>(path);
  ev.args[2] = reinterpret_cast<uint64_t>(payload);
  ev.args[3] = 16;
  capture_at_enter(mem, plan, 0, 4, ev);
  CHECK(ev.cap[0].read == SR_READ_STRING);
  CHECK(ev.cap[0].data == std::string("/etc/hosts", 11));  // with its NUL, as BPF sends it
  CHECK(ev.cap[1].read == SR_READ_BYTES);
  CHECK(ev.cap[1].data == "0123");  // -s 4
  CHECK(ev.cap[1].full_len == 16);
  CHECK(ev.cap[1].flags == SR_CAPF_TRUNCATED);

  SyscallEvent unreadable;
  unreadable.args[1] = 8;  // page 0: never mapped
  sr_syscall_captures string_only{};
  string_only.cap[0] = plan.cap[0];
  capture_at_enter(mem, string_only, 0, 32, unreadable);
  CHECK(unreadable.cap[0].data.empty());
  CHECK(unreadable.cap[0].flags == SR_CAPF_FAULT);

  sr_syscall_captures at_exit{};
  at_exit.cap[0] = decode::Read::bytes().at(1).length_arg(1).at_exit(SR_IF_OK).spec;
  SyscallEvent later;
  later.args[1] = reinterpret_cast<uint64_t>(payload);
  capture_at_enter(mem, at_exit, 0, 32, later);
  CHECK(later.cap[0].read == SR_READ_NONE);  // what the call fills in is not there yet
}

TEST_CASE("a goroutine prints as in Go's dump: inlined calls as name(...) without offset",
          "[inflight]") {
  Goroutine g;
  g.goid = 21;
  g.state = "syscall";
  g.wait_minutes = 3;
  g.tid = 4242;
  g.stack = {{.pc = 0x4796a5, .function = "syscall.Read", .file = "/go/src/syscall/syscall_unix.go",
              .line = 183, .offset = 0, .inlined = true},
             {.pc = 0x4796a5, .function = "main.reader", .file = "/src/main.go", .line = 40,
              .offset = 0x32}};
  g.created_by = GoFrame{.pc = 0x48ed0b, .function = "main.main", .file = "/src/main.go",
                         .line = 53, .offset = 0x8b};
  fmt::memory_buffer text;
  append_goroutine_text(text, g);
  CHECK(fmt::to_string(text) ==
        "goroutine 21 [syscall, 3 minutes] (thread 4242):\n"
        "syscall.Read(...)\n\t/go/src/syscall/syscall_unix.go:183\n"
        "main.reader\n\t/src/main.go:40 +0x32\n"
        "created by main.main\n\t/src/main.go:53 +0x8b\n\n");
  fmt::memory_buffer json;
  append_json_goroutine(json, 7, g);
  auto j = nlohmann::json::parse(fmt::to_string(json));
  CHECK(j["stack"] == nlohmann::json::parse(R"([
      {"function":"syscall.Read","file":"/go/src/syscall/syscall_unix.go","line":183,
       "addr":"0x4796a5","inlined":true},
      {"function":"main.reader","file":"/src/main.go","line":40,"addr":"0x4796a5","inlined":false}])"));
  CHECK(j["created_by"]["inlined"] == false);
  CHECK(j["wait_minutes"] == 3);
  CHECK(j["tid"] == 4242);
}
