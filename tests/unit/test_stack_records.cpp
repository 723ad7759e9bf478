// trace -k's stack records (trace/stack_records.h): parsing what the BPF side sends, and
// holding stacks until their call prints.
#include <catch2/catch.hpp>
#include <sys/user.h>

#include <cstring>
#include <vector>

#include "trace/stack_records.h"

using namespace sysray;

namespace {

// A record as bpf/user_stack.bpf.h writes it: pt_regs with distinct values, then `len` bytes.
std::vector<uint8_t> stack_bytes(uint32_t id, uint32_t len, size_t extra = 0) {
  sr_stack_record rec{};
  rec.type = SR_REC_USER_STACK;
  rec.stack_id = id;
  rec.pid = 4242;
  rec.tid = 4243;
  rec.len = len;
  user_regs_struct regs{};
  regs.rax = 1, regs.rdx = 2, regs.rcx = 3, regs.rbx = 4, regs.rsi = 5, regs.rdi = 6;
  regs.rbp = 7, regs.rsp = 8, regs.r8 = 9, regs.r9 = 10, regs.r10 = 11, regs.r11 = 12;
  regs.r12 = 13, regs.r13 = 14, regs.r14 = 15, regs.r15 = 16, regs.rip = 17;
  std::memcpy(rec.regs, &regs, sizeof(rec.regs));
  std::vector<uint8_t> out(sizeof(rec) + len + extra);
  std::memcpy(out.data(), &rec, sizeof(rec));
  for (uint32_t i = 0; i < len; ++i) out[sizeof(rec) + i] = static_cast<uint8_t>(i);
  return out;
}

}  // namespace

TEST_CASE("a stack record: the registers in DWARF order, the stack bytes", "[stacks]") {
  auto bytes = stack_bytes(7, 64, 3);  // ring samples are padded
  auto parsed = parse_stack_record(bytes.data(), bytes.size());
  REQUIRE(parsed);
  CHECK(parsed->first == 7);
  const StackRecord& s = parsed->second;
  CHECK(s.pid == 4242);
  CHECK(s.tid == 4243);
  // rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip: 1..17 as set above.
  for (size_t i = 0; i < kDwarfRegs; ++i) CHECK(s.regs[i] == i + 1);
  CHECK(s.regs[kDwarfSp] == 8);
  CHECK(s.regs[kDwarfIp] == 17);
  REQUIRE(s.stack.size() == 64);
  CHECK(s.stack[63] == 63);
}

TEST_CASE("malformed stack records are refused with a reason", "[stacks]") {
  std::string error;
  auto bytes = stack_bytes(7, 64);
  CHECK_FALSE(parse_stack_record(bytes.data(), sizeof(sr_stack_record) - 1, &error));
  CHECK(error == "stack record shorter than its header");
  CHECK_FALSE(parse_stack_record(bytes.data(), bytes.size() - 1, &error));
  CHECK(error == "stack longer than its record");
  auto no_id = stack_bytes(0, 8);
  CHECK_FALSE(parse_stack_record(no_id.data(), no_id.size(), &error));
  CHECK(error == "stack record without an id");
  auto empty = stack_bytes(9, 0);  // the stack could not be read: registers only
  auto parsed = parse_stack_record(empty.data(), empty.size(), &error);
  REQUIRE(parsed);
  CHECK(parsed->second.stack.empty());
}

TEST_CASE("stacks wait for their call, and the oldest go when too many wait", "[stacks]") {
  StackRecords held;
  for (uint32_t id = 1; id <= StackRecords::kKeptStacks + 2; ++id) held.add(id, UnwoundStack{});
  CHECK(held.held() == StackRecords::kKeptStacks);
  CHECK_FALSE(held.take(1));  // a call the filters dropped at exit: forgotten
  CHECK_FALSE(held.take(2));
  CHECK(held.take(3));
  CHECK_FALSE(held.take(3));  // taken once
  CHECK(held.held() == StackRecords::kKeptStacks - 1);
}
