#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "trace/reorder_buffer.h"

using sysray::SyscallEvent;

namespace {

SyscallEvent call(uint32_t tid, uint64_t ts, uint64_t dur, uint32_t type = SR_REC_SYSCALL) {
  SyscallEvent ev;
  ev.type = type;
  ev.tid = tid;
  ev.ts_ns = ts;
  ev.dur_ns = dur;
  return ev;
}

}  // namespace

TEST_CASE("events from two CPUs' batches come out in exit-time order", "[reorder]") {
  sysray::ReorderBuffer rb(100);
  // CPU 1's batch arrives first but holds later calls.
  rb.push(call(2, 50, 10));   // exit 60
  rb.push(call(2, 70, 10));   // exit 80
  rb.push(call(1, 10, 10));   // exit 20
  rb.push(call(1, 62, 1));    // exit 63
  std::vector<uint64_t> exits;
  auto out = [&](SyscallEvent&& ev) { exits.push_back(ev.ts_ns + ev.dur_ns); };
  rb.release(150, out);  // horizon 50: only exit 20 is old enough
  CHECK(exits == std::vector<uint64_t>{20});
  rb.release_all(out);
  CHECK(exits == std::vector<uint64_t>{20, 60, 63, 80});
}

TEST_CASE("a blocked call's entry sorts by its entry time, before its own exit", "[reorder]") {
  sysray::ReorderBuffer rb(0);
  rb.push(call(1, 10, 500));                      // exit 510: the resumed exit
  rb.push(call(1, 10, 0, SR_REC_SYSCALL_ENTER));  // entry at 10
  rb.push(call(2, 20, 5));                        // exit 25
  std::vector<std::pair<uint32_t, uint32_t>> order;
  rb.release_all([&](SyscallEvent&& ev) { order.emplace_back(ev.tid, ev.type); });
  CHECK(order == std::vector<std::pair<uint32_t, uint32_t>>{
                     {1, SR_REC_SYSCALL_ENTER}, {2, SR_REC_SYSCALL}, {1, SR_REC_SYSCALL}});
}

TEST_CASE("equal times keep arrival order", "[reorder]") {
  sysray::ReorderBuffer rb(0);
  for (uint32_t tid = 1; tid <= 5; ++tid) rb.push(call(tid, 100, 0));
  std::vector<uint32_t> tids;
  rb.release_all([&](SyscallEvent&& ev) { tids.push_back(ev.tid); });
  CHECK(tids == std::vector<uint32_t>{1, 2, 3, 4, 5});
}

TEST_CASE("interleaved batches of many CPUs come out sorted, each thread in its order", "[reorder]") {
  // 8 CPUs, each sending batches of 50 in-order calls; batches arrive in a shuffled order.
  sysray::ReorderBuffer rb(0);
  std::vector<std::vector<SyscallEvent>> batches;
  for (uint32_t cpu = 0; cpu < 8; ++cpu)
    for (uint64_t b = 0; b < 20; ++b) {
      std::vector<SyscallEvent> batch;
      for (uint64_t i = 0; i < 50; ++i) batch.push_back(call(cpu, (b * 50 + i) * 8 + cpu, 1));
      batches.push_back(std::move(batch));
    }
  // A fixed permutation that keeps each CPU's batches in order (as the ring does).
  std::vector<size_t> next(8, 0);
  std::vector<SyscallEvent> arrival;
  for (size_t k = 0; k < 160; ++k) {
    uint32_t cpu = (k * 5 + k / 8) % 8;
    while (next[cpu] == 20) cpu = (cpu + 1) % 8;
    for (auto& ev : batches[cpu * 20 + next[cpu]]) arrival.push_back(ev);
    ++next[cpu];
  }
  size_t released = 0;
  uint64_t last = 0;
  std::vector<uint64_t> last_of_tid(8, 0);
  bool sorted = true, per_thread = true;
  auto out = [&](SyscallEvent&& ev) {
    uint64_t t = ev.ts_ns + ev.dur_ns;
    sorted = sorted && t >= last;
    per_thread = per_thread && t >= last_of_tid[ev.tid];
    last = t;
    last_of_tid[ev.tid] = t;
    ++released;
  };
  for (auto& ev : arrival) rb.push(std::move(ev));
  CHECK(rb.size() == 8000);
  rb.release_all(out);
  CHECK(released == 8000);
  CHECK(sorted);
  CHECK(per_thread);
  CHECK(rb.size() == 0);
}

TEST_CASE("a long in-order stream is released as the window moves, without growing", "[reorder]") {
  sysray::ReorderBuffer rb(100);
  uint64_t released = 0, expected_next = 1;
  bool in_order = true;
  auto out = [&](SyscallEvent&& ev) {
    in_order = in_order && ev.ts_ns == expected_next;
    ++expected_next;
    ++released;
  };
  size_t most_held = 0;
  for (uint64_t t = 1; t <= 100'000; ++t) {
    rb.push(call(1, t, 0));
    rb.release(t, out);
    most_held = std::max(most_held, rb.size());
  }
  CHECK(most_held == 101);  // times t-100 .. t: the window, never more
  rb.release_all(out);
  CHECK(released == 100'000);
  CHECK(in_order);
}
