#include <catch2/catch.hpp>

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
