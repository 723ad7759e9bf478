#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "sysray/events.h"
#include "trace/record_batch.h"

namespace {

// Appends one record with `data` split over its two capture slots, padded like the BPF side.
void append_record(std::vector<uint8_t>& batch, uint32_t nr, const std::string& cap0,
                   const std::string& cap1) {
  sr_syscall_record r{};
  r.type = SR_REC_SYSCALL;
  r.nr = nr;
  r.cap[0].len = cap0.size();
  r.cap[1].len = cap1.size();
  size_t start = batch.size();
  size_t len = sizeof(r) + cap0.size() + cap1.size();
  batch.resize(start + SR_RECORD_ALIGN(len), 0xee);
  std::memcpy(batch.data() + start, &r, sizeof(r));
  std::memcpy(batch.data() + start + sizeof(r), cap0.data(), cap0.size());
  std::memcpy(batch.data() + start + sizeof(r) + cap0.size(), cap1.data(), cap1.size());
}

}  // namespace

TEST_CASE("a batch splits into its records, padding skipped", "[batch]") {
  std::vector<uint8_t> batch;
  append_record(batch, 1, "a", "");            // 129 bytes, padded to 136
  append_record(batch, 44, "hello", std::string("\x02\x00", 2));  // buffer + sockaddr
  append_record(batch, 110, "", "");

  std::vector<std::pair<uint32_t, size_t>> seen;
  size_t malformed = 99;
  size_t n = sysray::split_record_batch(
      batch.data(), batch.size(),
      [&](const void* p, size_t size) {
        sr_syscall_record r;
        std::memcpy(&r, p, sizeof(r));
        seen.emplace_back(r.nr, size);
      },
      &malformed);
  REQUIRE(n == 3);
  CHECK(malformed == 0);
  CHECK(seen == std::vector<std::pair<uint32_t, size_t>>{
                    {1, sizeof(sr_syscall_record) + 1},
                    {44, sizeof(sr_syscall_record) + 7},
                    {110, sizeof(sr_syscall_record)}});
}

TEST_CASE("a truncated record ends the batch and is reported", "[batch]") {
  std::vector<uint8_t> batch;
  append_record(batch, 1, "abc", "");
  append_record(batch, 2, std::string(40, 'x'), "");
  batch.resize(batch.size() - 30);  // cut into the second record's data
  size_t malformed = 0;
  size_t n = sysray::split_record_batch(batch.data(), batch.size(), [](const void*, size_t) {},
                                        &malformed);
  CHECK(n == 1);
  CHECK(malformed == batch.size() - SR_RECORD_ALIGN(sizeof(sr_syscall_record) + 3));
}

TEST_CASE("a capture length beyond SR_CAP_MAX is malformed", "[batch]") {
  std::vector<uint8_t> batch;
  append_record(batch, 1, "", "");
  sr_syscall_record r;
  std::memcpy(&r, batch.data(), sizeof(r));
  r.cap[0].len = SR_CAP_MAX + 1;
  std::memcpy(batch.data(), &r, sizeof(r));
  CHECK(sysray::split_record_batch(batch.data(), batch.size(), [](const void*, size_t) {}) == 0);
}
