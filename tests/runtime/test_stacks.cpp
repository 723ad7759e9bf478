// trace -k: each call's user stack, compared with strace -k on the same program. Frame lines
// name objects by path and addresses relative to the object, so two runs of one binary print
// the same frames whatever ASLR did. The workload exits at once: its lines print after it
// is gone, from the mappings sysray recorded while it ran.
#include <catch2/catch.hpp>

#include "runtime_support.h"
#include "stack_support.h"

using namespace sysray::test;

namespace {

// The calls `names` of WORKLOAD with their frames: under strace -k, then under sysray trace -k
// (separate runs: the frame lines use object-relative addresses, the same whatever ASLR did).
std::pair<std::vector<CallStack>, std::vector<CallStack>> strace_and_sysray_stacks(
    const std::string& name, const std::vector<std::string>& names) {
  TempDir dir;
  std::string calls;
  for (const auto& n : names) calls += (calls.empty() ? "" : ",") + n;
  auto s = run_process({"strace", "-k", "-e", "trace=" + calls, "-o", dir.file("strace"), workload(name)});
  REQUIRE(s.exit_code == 0);
  auto r = run_sysray({"trace", "-k", "-e", calls, "-o", dir.file("sysray"), "--", workload(name)});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  return {calls_with_stacks(read_file(dir.file("strace")), names),
          calls_with_stacks(read_file(dir.file("sysray")), names)};
}

}  // namespace

TEST_CASE("trace -k prints strace -k's frames, through glibc and after the program exited",
          "[stacks]") {
  auto [expected, got] = strace_and_sysray_stacks("stack_calls", {"getppid", "openat"});
  INFO("strace -k:\n" << dump(expected) << "sysray trace -k:\n" << dump(got));
  // The two getppid calls: two functions deep, and from a qsort callback inside glibc.
  REQUIRE(expected.size() >= 4);
  CHECK(got == expected);
  bool deep = false, callback = false;
  for (const auto& c : got) {
    if (c.call != "getppid" || c.frames.size() < 3) continue;
    deep |= c.frames[1].find("(stack_inner()+0x") != std::string::npos &&
            c.frames[2].find("(stack_outer()+0x") != std::string::npos;
    callback |= c.frames[1].find("(stack_compare(void const*, void const*)+0x") != std::string::npos &&
                c.frames[2].find("libc.so.6(") != std::string::npos;
  }
  CHECK(deep);
  CHECK(callback);
}

TEST_CASE("trace -k names a library loaded with dlopen as strace -k does", "[stacks]") {
  // stack_dlopen: getppid from main, then dlopen(libstack_plugin.so) and getppid from the
  // plugin. The plugin's frame, and every frame below it, as strace prints them.
  auto [expected, got] = strace_and_sysray_stacks("stack_dlopen", {"getppid"});
  INFO("strace -k:\n" << dump(expected) << "sysray trace -k:\n" << dump(got));
  REQUIRE(got.size() == 2);
  CHECK(got == expected);
  REQUIRE(got[1].frames.size() >= 3);
  CHECK(got[1].frames[1].starts_with(" > " + workload("libstack_plugin.so") + "(plugin_getppid+0x"));
  CHECK(got[1].frames[2].starts_with(" > " + workload("stack_dlopen") + "(main+0x"));
}

TEST_CASE("trace -k --json: a stack array on each call", "[stacks][json]") {
  auto r = run_sysray({"trace", "-k", "--json", "-e", "getppid", "--", workload("stack_calls")});
  auto events = clean_json(r);
  auto calls = select(events, "syscall", "getppid");
  REQUIRE(calls.size() == 2);
  const json& stack = calls[0]["stack"];
  REQUIRE(stack.size() >= 4);
  CHECK(stack[0]["object"].get<std::string>().ends_with("/libc.so.6"));  // /lib in the QEMU guests
  CHECK(stack[0]["symbol"] == "syscall");
  CHECK(stack[1]["object"] == workload("stack_calls"));
  CHECK(stack[1]["symbol"] == "stack_inner()");
  CHECK(stack[1]["symbol_offset"].is_number());
  CHECK(std::regex_match(stack[1]["offset"].get<std::string>(), std::regex("0x[0-9a-f]+")));
  CHECK(std::regex_match(stack[1]["addr"].get<std::string>(), std::regex("0x[0-9a-f]+")));
  CHECK(stack[2]["symbol"] == "stack_outer()");
  CHECK_FALSE(calls[0].contains("file"));
}

TEST_CASE("trace -kk adds the source line where the object has line info", "[stacks]") {
  auto r = run_sysray({"trace", "-kk", "-e", "getppid", "--", workload("stack_calls")});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  CHECK(std::regex_search(r.out + r.err, std::regex(R"( > [^ ]*/stack_calls\(stack_inner\(\)\+0x[0-9a-f]+\) \[0x[0-9a-f]+\] [^ ]*stack_calls\.cpp:\d+)")));
}

TEST_CASE("trace --stack-size out of range is one line and exit 2", "[stacks][errors]") {
  auto r = run_sysray({"trace", "-k", "--stack-size", "100", "--", "true"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "sysray: invalid --stack-size value '100': expected a size from 512 to 65536 bytes "
                 "(K, M, G suffixes allowed)\n");
  auto odd = run_sysray({"trace", "-k", "--stack-size", "3000", "--", "true"});
  CHECK(odd.exit_code == 2);
  CHECK(odd.err == "sysray: invalid --stack-size value '3000': must be a power of two (e.g. 8K, 32K)\n");
}

namespace {

// The function names of the frames under the connect(2) line of a Go program, ".abi0"
// suffixes dropped (the ELF symbol's spelling; .gopclntab has Go's, without it).
std::vector<std::string> go_connect_names(const std::string& binary) {
  auto r = run_sysray({"trace", "-k", "-f", "-e", "connect", "--", binary});
  INFO(r.describe());
  std::vector<std::string> names;
  static const std::regex frame(R"(^ > [^(]+\((.+)\+0x[0-9a-f]+\) \[0x[0-9a-f]+\]$)");
  bool in_connect = false;
  for (const auto& line : split_lines(r.out + r.err)) {
    std::smatch m;
    if (line.find("] connect(") != std::string::npos) in_connect = true;
    else if (!line.starts_with(" > ")) in_connect = false;
    else if (in_connect && std::regex_match(line, m, frame))
      names.push_back(std::regex_replace(m[1].str(), std::regex(R"(\.abi0$)"), ""));
  }
  return names;
}

}  // namespace

TEST_CASE("trace -k names Go frames, and a stripped Go binary's from .gopclntab", "[stacks]") {
  auto plain = go_connect_names(workload("gosyms"));
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& n : v) s += n + " ";
    return s;
  };
  CHECK(std::find(plain.begin(), plain.end(), "net.(*sysDialer).dialUDP") != plain.end());
  CHECK(std::find(plain.begin(), plain.end(), "main.(*Sender).Send") != plain.end());
  CHECK(std::find(plain.begin(), plain.end(), "main.main") != plain.end());
  // Every other build of the same program (CMakeLists.txt: stripped with -s -w, PIE, PIE
  // stripped, cgo's external linker, and that stripped by `strip`, where only .dynsym's
  // crosscall2 & co. are left) must name the same functions, in the same order: from its
  // symbols, or from .gopclntab wherever the table is.
  for (const char* variant : {"-stripped", "-pie", "-pie-stripped", "-pie-ext", "-pie-ext-stripped"}) {
    auto names = go_connect_names(workload(std::string("gosyms") + variant));
    INFO(variant << "\nplain: " << join(plain) << "\nthis:  " << join(names));
    CHECK(names == plain);
  }
  // Without CFI the stripped binary is unwound by its frame pointers, which cannot see the
  // frameless assembly leaf's caller: .gopclntab's frame size puts it back
  // (syscall.RawSyscall6, from the return address at the stack pointer).
  CHECK(std::find(plain.begin(), plain.end(), "syscall.RawSyscall6") != plain.end());
}

namespace {

// The frame lines under the first openat of /etc/hosts when gosyms-pie-ext (cgo enabled)
// resolves "localhost" with GODEBUG=netdns=MODE.
std::vector<std::string> hosts_open_frames(const std::string& mode) {
  auto r = run_sysray({"trace", "-f", "-k", "-e", "openat", "--", "env", "GODEBUG=netdns=" + mode,
                       "GOSYMS_ADDR=localhost:9", workload("gosyms-pie-ext")});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> frames;
  bool in_open = false;
  for (const auto& line : split_lines(r.out + r.err)) {
    if (line.find("openat(") != std::string::npos) {
      if (!frames.empty()) break;
      in_open = line.find("\"/etc/hosts\"") != std::string::npos;
    } else if (in_open && line.starts_with(" > ")) {
      frames.push_back(line);
    }
  }
  return frames;
}

std::string lines_text(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  return all;
}

bool has_frame_with(const std::vector<std::string>& frames, const std::string& text) {
  return std::any_of(frames.begin(), frames.end(),
                     [&](const std::string& f) { return f.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("trace -k through Go's two resolvers: pure Go, and cgo's getaddrinfo in glibc",
          "[stacks]") {
  SECTION("netdns=go: net.readHosts, in a goroutine") {
    auto frames = hosts_open_frames("go");
    INFO(lines_text(frames));
    REQUIRE(frames.size() >= 3);
    CHECK(has_frame_with(frames, "(net.readHosts+0x"));
    CHECK(has_frame_with(frames, "(net.(*Resolver).goLookupIPCNAMEOrder+0x"));
    CHECK_FALSE(has_frame_with(frames, "libc.so.6("));
    CHECK(frames.back().find("(runtime.goexit") != std::string::npos);
  }
  SECTION("netdns=cgo: glibc's getaddrinfo, called through cgo, ending at the stack switch") {
    auto frames = hosts_open_frames("cgo");
    INFO(lines_text(frames));
    REQUIRE(frames.size() >= 3);
    CHECK(has_frame_with(frames, "libc.so.6(getaddrinfo+0x"));
    CHECK(has_frame_with(frames, "C2func_getaddrinfo+0x"));
    CHECK(frames.back().find("(runtime.asmcgocall.abi0+0x") != std::string::npos);
    CHECK_FALSE(has_frame_with(frames, "unexpected_backtracing_error"));
  }
}
