// WriteReassembler: pieces back into whole writes, released in seq order; losses (recorded or
// not) released with their gap marked, never glued.
#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <vector>

#include "trace/write_reassembler.h"

using namespace sysray;

namespace {

struct Fixture {
  WriteReassembler r{1000};  // stall limit: 1000 ns of the fake clock
  std::vector<CapturedWrite> out;
  std::map<uint64_t, sr_capture_lost> lost;

  void piece(uint64_t seq, uint64_t total, uint64_t offset, const std::string& data, uint32_t tid = 7) {
    sr_capture_chunk c{};
    c.seq = seq;
    c.total = total;
    c.offset = offset;
    c.len = uint32_t(data.size());
    c.pid = 7;
    c.tid = tid;
    c.fd = 2;
    REQUIRE(r.add(c, reinterpret_cast<const uint8_t*>(data.data())));
  }
  void release(uint64_t now, std::optional<uint64_t> end = std::nullopt) {
    r.release([&](const CapturedWrite& w) { out.push_back(w); },
              [&](uint64_t seq) -> std::optional<sr_capture_lost> {
                auto it = lost.find(seq);
                if (it == lost.end()) return std::nullopt;
                return it->second;
              },
              now, end);
  }
};

}  // namespace

TEST_CASE("write reassembler: pieces of a write join, writes come out in seq order") {
  Fixture f;
  f.piece(1, 3, 0, "xyz");
  f.release(0);
  CHECK(f.out.empty());  // seq 0 is not here yet
  f.piece(0, 5, 0, "he");
  f.release(10);
  CHECK(f.out.empty());  // seq 0 incomplete
  f.piece(0, 5, 2, "llo");
  f.release(20);
  REQUIRE(f.out.size() == 2);
  CHECK(f.out[0].data == "hello");
  CHECK(f.out[0].complete());
  CHECK(f.out[1].data == "xyz");
  CHECK(f.r.pending() == 0);
}

TEST_CASE("write reassembler: a piece that does not continue its write is refused") {
  Fixture f;
  f.piece(0, 10, 0, "abc");
  sr_capture_chunk c{};
  c.seq = 0;
  c.total = 10;
  c.offset = 5;
  c.len = 1;
  CHECK_FALSE(f.r.add(c, reinterpret_cast<const uint8_t*>("z")));
}

TEST_CASE("write reassembler: a recorded loss releases the write's prefix with its gap") {
  Fixture f;
  f.piece(0, 100, 0, "abcd");
  f.piece(1, 1, 0, "z");
  f.lost[0] = sr_capture_lost{100, 4, 7, 7, 2, SR_CAPTURE_RING_FULL};
  f.release(0);
  REQUIRE(f.out.size() == 2);
  CHECK(f.out[0].data == "abcd");
  CHECK(f.out[0].total == 100);
  CHECK(f.out[0].loss == SR_CAPTURE_RING_FULL);
  CHECK(f.out[1].data == "z");
}

TEST_CASE("write reassembler: a write lost whole, recorded, keeps its size") {
  Fixture f;
  f.piece(1, 2, 0, "ok");
  f.lost[0] = sr_capture_lost{50, 0, 7, 9, 2, SR_CAPTURE_RING_FULL};
  f.release(0);
  REQUIRE(f.out.size() == 2);
  CHECK(f.out[0].data.empty());
  CHECK(f.out[0].total == 50);
  CHECK(f.out[0].tid == 9);
  CHECK(f.out[0].loss == SR_CAPTURE_RING_FULL);
}

TEST_CASE("write reassembler: a missing write is waited for, then given up as unknown") {
  Fixture f;
  f.piece(1, 2, 0, "ok");
  f.release(100);
  CHECK(f.out.empty());
  f.release(600);
  CHECK(f.out.empty());
  f.release(1100);  // stalled for 1000 ns
  REQUIRE(f.out.size() == 2);
  CHECK(f.out[0].total == 0);
  CHECK(f.out[0].loss == 0u);
  CHECK(f.out[1].data == "ok");
}

TEST_CASE("write reassembler: at the end, every write up to the kernel's count comes out") {
  Fixture f;
  f.piece(0, 1, 0, "a");
  f.piece(2, 10, 0, "bb");
  f.release(0, 4);
  REQUIRE(f.out.size() == 4);
  CHECK(f.out[0].complete());
  CHECK(f.out[1].loss == 0u);  // never arrived
  CHECK(f.out[2].data == "bb");
  CHECK(f.out[2].loss == 0u);  // its rest never arrived
  CHECK(f.out[3].loss == 0u);
  CHECK(f.r.next_seq() == 4);
}
