#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "trace/reorder_buffer.h"

using sysray::SyscallEvent;

namespace {

SyscallEvent event(uint32_t tid, uint64_t seq, uint32_t type = SR_REC_SYSCALL) {
  SyscallEvent ev;
  ev.type = type;
  ev.tid = tid;
  ev.seq = seq;
  return ev;
}

}  // namespace

TEST_CASE("events from two CPUs' batches come out in seq order", "[reorder]") {
  sysray::ReorderBuffer rb(100);
  // CPU 1's batch arrives first but holds later events.
  rb.push(event(2, 5), 10);
  rb.push(event(2, 7), 10);
  rb.push(event(1, 1), 60);
  rb.push(event(1, 6), 60);
  std::vector<uint64_t> seqs;
  auto out = [&](SyscallEvent&& ev) { seqs.push_back(ev.seq); };
  rb.release(150, out);  // horizon 50: seq 1 arrived after it, so nothing may leave yet
  CHECK(seqs.empty());
  rb.release(161, out);  // horizon 61: everything arrived before it
  CHECK(seqs == std::vector<uint64_t>{1, 5, 6, 7});
  CHECK(rb.size() == 0);
}

TEST_CASE("an event waits the window after its arrival, then leaves with all lower seqs",
          "[reorder]") {
  sysray::ReorderBuffer rb(100);
  rb.push(event(1, 3), 10);
  rb.push(event(2, 1), 40);  // committed earlier on another CPU, arrived later
  rb.push(event(1, 4), 200);
  std::vector<uint64_t> seqs;
  auto out = [&](SyscallEvent&& ev) { seqs.push_back(ev.seq); };
  rb.release(120, out);  // horizon 20: seq 1 (arrived at 40) is not due, so seq 3 waits too
  CHECK(seqs.empty());
  rb.release(141, out);  // horizon 41: seq 1 and 3 are due; seq 4 arrived at 200
  CHECK(seqs == std::vector<uint64_t>{1, 3});
  rb.release_all(out);
  CHECK(seqs == std::vector<uint64_t>{1, 3, 4});
}

TEST_CASE("a blocked call's entry keeps its place before its own exit", "[reorder]") {
  sysray::ReorderBuffer rb(0);
  rb.push(event(1, 12), 0);                        // the resumed exit
  rb.push(event(1, 10, SR_REC_SYSCALL_ENTER), 0);  // the entry, sent at the switch
  rb.push(event(2, 11), 0);
  std::vector<std::pair<uint32_t, uint32_t>> order;
  rb.release_all([&](SyscallEvent&& ev) { order.emplace_back(ev.tid, ev.type); });
  CHECK(order == std::vector<std::pair<uint32_t, uint32_t>>{
                     {1, SR_REC_SYSCALL_ENTER}, {2, SR_REC_SYSCALL}, {1, SR_REC_SYSCALL}});
}

TEST_CASE("equal seqs keep arrival order", "[reorder]") {
  sysray::ReorderBuffer rb(0);
  for (uint32_t tid = 1; tid <= 5; ++tid) rb.push(event(tid, 100), 0);
  std::vector<uint32_t> tids;
  rb.release_all([&](SyscallEvent&& ev) { tids.push_back(ev.tid); });
  CHECK(tids == std::vector<uint32_t>{1, 2, 3, 4, 5});
}

TEST_CASE("interleaved batches of many CPUs come out sorted, each thread in its order", "[reorder]") {
  // 8 CPUs, each sending batches of 50 in-order events; batches arrive in a shuffled order.
  sysray::ReorderBuffer rb(0);
  std::vector<std::vector<SyscallEvent>> batches;
  for (uint32_t cpu = 0; cpu < 8; ++cpu)
    for (uint64_t b = 0; b < 20; ++b) {
      std::vector<SyscallEvent> batch;
      for (uint64_t i = 0; i < 50; ++i) batch.push_back(event(cpu, (b * 50 + i) * 8 + cpu));
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
    sorted = sorted && ev.seq >= last;
    per_thread = per_thread && ev.seq >= last_of_tid[ev.tid];
    last = ev.seq;
    last_of_tid[ev.tid] = ev.seq;
    ++released;
  };
  for (auto& ev : arrival) rb.push(std::move(ev), 0);
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
    in_order = in_order && ev.seq == expected_next;
    ++expected_next;
    ++released;
  };
  size_t most_held = 0;
  for (uint64_t t = 1; t <= 100'000; ++t) {
    rb.push(event(1, t), t);  // one event arriving per time unit
    rb.release(t, out);
    most_held = std::max(most_held, rb.size());
  }
  CHECK(most_held == 101);  // arrivals t-100 .. t: the window, never more
  rb.release_all(out);
  CHECK(released == 100'000);
  CHECK(in_order);
}

TEST_CASE("release_below hands over what is numbered below the mark, however recent", "[reorder]") {
  sysray::ReorderBuffer rb(1000);
  rb.push(event(1, 4), 10);
  rb.push(event(1, 6), 10);
  rb.push(event(2, 5), 11);
  std::vector<uint64_t> seqs;
  auto out = [&](SyscallEvent&& ev) { seqs.push_back(ev.seq); };
  rb.release_below(6, out);  // 4 and 5 are complete; 6 waits for the mark to pass it
  CHECK(seqs == std::vector<uint64_t>{4, 5});
  rb.release_below(6, out);
  CHECK(seqs == std::vector<uint64_t>{4, 5});
  CHECK(rb.size() == 1);
  CHECK(rb.late() == 0);
}

TEST_CASE("an event that arrives after a later one left is counted late, and still shown",
          "[reorder]") {
  sysray::ReorderBuffer rb(100);
  rb.push(event(1, 8), 0);
  std::vector<uint64_t> seqs;
  auto out = [&](SyscallEvent&& ev) { seqs.push_back(ev.seq); };
  rb.release(101, out);  // the backstop: seq 8 waited the whole window
  rb.push(event(2, 7), 150);
  rb.push(event(2, 9), 150);
  rb.release_all(out);
  CHECK(seqs == std::vector<uint64_t>{8, 7, 9});
  CHECK(rb.late() == 1);
}
