// The order of the stream across CPUs: events of threads running at once on different CPUs
// come out in the order they happened, whether or not the trace shows times (without times,
// records carry no clock reading and are ordered by a counter shared by all CPUs).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "runtime_support.h"

using namespace sysray::test;

namespace {

constexpr int kRounds = 50;

// Where the read that returned `token` (7 bytes, from `fd`) ended: its line, or its "resumed"
// line when it was switched out in the middle (then its "<unfinished ...>" line came first);
// lines.size() when absent.
size_t read_end(const Trace& t, int fd, const std::string& token) {
  std::string whole = fmt::format(R"(read({}, "{}", 8) = 7)", fd, token);
  std::string resumed = fmt::format(R"(<... read resumed>"{}", 8) = 7)", token);
  for (size_t i = 0; i < t.lines.size(); ++i)
    if (t.lines[i].body == whole || t.lines[i].body == resumed) return i;
  return t.lines.size();
}

// How many writes of `token` to `fd` tid made: whole lines, or "<unfinished ...>" ones (a
// write switched out in the middle; its "resumed" line carries only the result).
size_t writes(const Trace& t, pid_t tid, int fd, const std::string& token) {
  return t.count(tid, fmt::format(R"(write({}, "{}", 7) = 7)", fd, token)) +
         t.count(tid, fmt::format(R"(write({}, "{}", 7 <unfinished ...>)", fd, token));
}

// pingpong's token exchange. A read can complete before the write that fed it does (the
// data is in the pipe before write returns), so only the successful reads have an order that
// must show: each thread reads only after the other has read and answered, so the reads of
// ping000, pong000, ping001, pong001, ... completed in that order, alternating between the
// two threads and CPUs.
void check_exchange_in_order(const Trace& t) {
  INFO(t.dump());
  pid_t main_tid = t.first_tid();
  pid_t other_tid = 0;
  size_t previous = 0;
  for (int k = 0; k < kRounds; ++k) {
    // pipe2 gave ping = {3, 4} and pong = {5, 6}. The other thread reads ping, main reads pong.
    for (bool main_reads : {false, true}) {
      std::string token = fmt::format("{}{:03d}", main_reads ? "pong" : "ping", k);
      size_t i = read_end(t, main_reads ? 5 : 3, token);
      INFO("round " << k << ": the read of " << token);
      REQUIRE(i < t.lines.size());
      CHECK((t.lines[i].tid == main_tid) == main_reads);
      if (!main_reads) other_tid = t.lines[i].tid;
      if (k || main_reads) CHECK(i > previous);
      previous = i;
    }
    // Each write is there too, once, in its thread.
    CHECK(writes(t, main_tid, 4, fmt::format("ping{:03d}", k)) == 1);
    CHECK(writes(t, other_tid, 6, fmt::format("pong{:03d}", k)) == 1);
  }
}

}  // namespace

TEST_CASE("two threads on two CPUs: their calls come out in the order they happened", "[ordering]") {
  std::vector<std::string> args = {"trace", "-f", "-e", "trace=read,write"};
  SECTION("without times") {}
  SECTION("with -T") { args.push_back("-T"); }
  args.insert(args.end(), {"--", workload("pingpong"), std::to_string(kRounds)});
  check_exchange_in_order(clean_trace(run_sysray(args)));
}

TEST_CASE("a thread that computes after its last call: the call shows while it computes",
          "[ordering]") {
  // Its record waits in its CPU's batch; with no further syscall and no context switch, only
  // the timer interrupt (on_tick in bpf/syscalls.bpf.c) sends it. Without that, the line came
  // when the program exited, after the other CPUs' later records.
  std::string line = R"(write(3, "computing", 9) = 9)";
  auto computes = std::chrono::duration_cast<std::chrono::seconds>(scaled(std::chrono::seconds(6)));
  auto started = std::chrono::steady_clock::now();
  Process tracer({sysray_bin(), "trace", "-e", "write", "--", workload("compute_after_write"),
                  std::to_string(computes.count())});
  bool shown = tracer.wait_until(
      [&](const Process& p) { return p.err().find(line) != std::string::npos ||
                                     p.out().find(line) != std::string::npos; },
      computes);
  auto waited = std::chrono::steady_clock::now() - started;
  ProcessResult r = tracer.wait(computes + scaled(std::chrono::seconds(10)));
  INFO(r.err << r.out);
  CHECK(shown);
  CHECK(waited < computes);  // the workload was still computing
  CHECK(r.exit_code == 0);
}
