// sysray-format-bench: throughput of decode + format, the per-event userspace work of
// `sysray trace`, in lines per second. A benchmark run by scripts/bench.sh (timings do not
// belong in pass/fail tests).
#include <fmt/format.h>

#include <chrono>

#include "format/json_format.h"
#include "format/text_format.h"
#include "syscall_fixtures.h"

using namespace sysray;
using namespace sysray::test;

namespace {

// A mix like a busy server's: reads, writes with data, a failed bind, an openat.
std::vector<SyscallEvent> workload() {
  std::vector<SyscallEvent> evs;
  auto rd = call(SYS_read, {3, kStack, 4096}, 32);
  capture(rd, 0, SR_READ_BYTES, "GET /index.html HTTP/1.1\r\nHost: x", 32);
  evs.push_back(rd);
  auto wr = call(SYS_write, {4, kStack, 200}, 200);
  capture(wr, 0, SR_READ_BYTES, std::string(32, 'x'), 200, SR_CAPF_TRUNCATED);
  evs.push_back(wr);
  auto bind = call(SYS_bind, {3, kStack, 16}, -98);
  capture(bind, 0, SR_READ_BYTES, sockaddr_in_bytes("127.0.0.1", 3001), 16);
  evs.push_back(bind);
  auto open = call(SYS_openat, {kAtFdcwd, kStack, 0x80000, 0}, 5);
  capture_path(open, 0, "/usr/lib/x86_64-linux-gnu/libc.so.6");
  evs.push_back(open);
  evs.push_back(call(SYS_getppid, {}, 1));
  return evs;
}

template <typename Format>
double lines_per_second(Format&& format) {
  auto evs = workload();
  std::vector<decode::DecodedArg> args;
  fmt::memory_buffer buf;
  constexpr int kLines = 1'000'000;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kLines; ++i) {
    const SyscallEvent& ev = evs[i % evs.size()];
    decoder().decode(ev, args);
    format(buf, ev, args);
    if (buf.size() > 64 * 1024) buf.clear();  // what the sink does after a write(2)
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return kLines / took.count();
}

}  // namespace

int main() {
  TextOptions text_opts;
  text_opts.timestamps = 2;
  text_opts.durations = true;
  double text = lines_per_second([&](auto& buf, const SyscallEvent& ev, const auto& args) {
    append_syscall_line(buf, ev, args, decoder().name(ev.nr), text_opts);
  });
  double json = lines_per_second([&](auto& buf, const SyscallEvent& ev, const auto& args) {
    append_json_syscall(buf, ev, args, decoder().name(ev.nr), JsonOptions{});
  });
  fmt::print("text {:.0f} lines/s\njson {:.0f} lines/s\n", text, json);
  return 0;
}
