#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "trace/syscall_event.h"

using sysray::merge_enter_exit;
using sysray::parse_syscall_record;
using sysray::SyscallEvent;

namespace {

struct CaptureBytes {
  uint8_t read = SR_READ_NONE;
  uint8_t flags = 0;
  uint32_t full_len = 0;
  std::string data;
};

// The bytes of one record as the BPF side writes it: header, then slot 0's data, slot 1's.
std::vector<uint8_t> record_bytes(sr_syscall_record r, const CaptureBytes& c0 = {},
                                  const CaptureBytes& c1 = {}) {
  const CaptureBytes* caps[2] = {&c0, &c1};
  for (int i = 0; i < 2; ++i) {
    r.cap[i].len = static_cast<uint16_t>(caps[i]->data.size());
    r.cap[i].read = caps[i]->read;
    r.cap[i].flags = caps[i]->flags;
    r.cap[i].full_len = caps[i]->full_len;
  }
  std::vector<uint8_t> out(sizeof(r));
  std::memcpy(out.data(), &r, sizeof(r));
  for (const auto* c : caps) out.insert(out.end(), c->data.begin(), c->data.end());
  return out;
}

sr_syscall_record header(uint32_t type = SR_REC_SYSCALL) {
  sr_syscall_record r{};
  r.type = type;
  r.nr = 44;  // sendto
  r.ts_ns = 1000;
  r.dur_ns = 250;
  r.pid = 4242;
  r.tid = 4243;
  std::strcpy(r.comm, "server");
  for (int i = 0; i < 6; ++i) r.args[i] = 100 + i;
  r.ret = 5;
  return r;
}

std::string parse_error(const std::vector<uint8_t>& bytes) {
  std::string error;
  CHECK_FALSE(parse_syscall_record(bytes.data(), bytes.size(), &error).has_value());
  return error;
}

}  // namespace

TEST_CASE("a record with two captures parses into an event", "[syscall_event]") {
  auto bytes = record_bytes(header(), {SR_READ_BYTES, 0, 5, "hello"},
                            {SR_READ_BYTES, 0, 16, std::string("\x02\x00\x0b\xb9", 4)});
  bytes.resize(bytes.size() + 3, 0xee);  // alignment padding is allowed after the data

  std::string error;
  auto ev = parse_syscall_record(bytes.data(), bytes.size(), &error);
  REQUIRE(ev);
  CHECK(error.empty());
  CHECK(ev->type == SR_REC_SYSCALL);
  CHECK(ev->nr == 44);
  CHECK(ev->ts_ns == 1000);
  CHECK(ev->dur_ns == 250);
  CHECK(ev->pid == 4242);
  CHECK(ev->tid == 4243);
  CHECK(ev->comm == "server");
  CHECK(ev->args[0] == 100);
  CHECK(ev->args[5] == 105);
  CHECK(ev->ret == 5);
  CHECK(ev->cap[0].read == SR_READ_BYTES);
  CHECK(ev->cap[0].full_len == 5);
  CHECK(ev->cap[0].data == "hello");
  CHECK(ev->cap[1].read == SR_READ_BYTES);
  CHECK(ev->cap[1].data == std::string("\x02\x00\x0b\xb9", 4));
}

TEST_CASE("a comm of exactly 15 characters is accepted", "[syscall_event]") {
  auto r = header();
  std::memcpy(r.comm, "abcdefghijklmno", 16);
  auto bytes = record_bytes(r);
  auto ev = parse_syscall_record(bytes.data(), bytes.size());
  REQUIRE(ev);
  CHECK(ev->comm == "abcdefghijklmno");
}

TEST_CASE("malformed records are rejected with a reason", "[syscall_event]") {
  auto good = record_bytes(header(), {SR_READ_BYTES, 0, 5, "hello"});

  SECTION("shorter than the header") {
    std::vector<uint8_t> cut(good.begin(), good.begin() + sizeof(sr_syscall_record) - 1);
    CHECK(parse_error(cut) == "record shorter than its header");
  }
  SECTION("capture data past the end") {
    good.pop_back();
    CHECK(parse_error(good) == "captures run past the record");
  }
  SECTION("comm without its NUL") {
    auto r = header();
    std::memset(r.comm, 'x', sizeof(r.comm));
    CHECK(parse_error(record_bytes(r)) == "comm is not NUL-terminated");
  }
  SECTION("unknown record type") {
    CHECK(parse_error(record_bytes(header(7))) == "unknown record type");
  }
  SECTION("syscall number beyond the tables") {
    auto r = header();
    r.nr = SR_MAX_SYSCALLS;
    CHECK(parse_error(record_bytes(r)) == "syscall number out of range");
  }
  SECTION("unknown capture read") {
    CHECK(parse_error(record_bytes(header(), {99, 0, 0, ""})) == "unknown capture read");
  }
  SECTION("no error string wanted") {
    good.pop_back();
    CHECK_FALSE(parse_syscall_record(good.data(), good.size()).has_value());
  }
}

TEST_CASE("an enter record and its resumed exit merge into the whole call", "[syscall_event]") {
  // recvfrom: slot 0 = buffer (exit), slot 1 = sockaddr (exit); plus an enter capture in slot 0
  // of a made-up call to check that each slot comes from the record that filled it.
  auto er = header(SR_REC_SYSCALL_ENTER);
  er.dur_ns = 0;
  er.ret = 0;
  auto enter_bytes = record_bytes(er, {SR_READ_STRING, 0, 4, std::string("/tmp", 4)});
  auto xr = header();
  xr.ts_ns = 1000;
  xr.args[0] = 999;  // the exit's copy of the args is not used
  xr.ret = -11;
  xr.dur_ns = 5000;
  xr.flags = SR_F_RESUMED;
  auto exit_bytes = record_bytes(xr, {}, {SR_READ_BYTES, SR_CAPF_TRUNCATED, 200, "xy"});

  auto enter = parse_syscall_record(enter_bytes.data(), enter_bytes.size());
  auto exit = parse_syscall_record(exit_bytes.data(), exit_bytes.size());
  REQUIRE(enter);
  REQUIRE(exit);
  SyscallEvent m = merge_enter_exit(*enter, *exit);

  CHECK(m.type == SR_REC_SYSCALL);
  CHECK(m.ts_ns == 1000);
  CHECK(m.args[0] == 100);
  CHECK(m.ret == -11);
  CHECK(m.dur_ns == 5000);
  CHECK(m.flags == 0);  // SR_F_RESUMED dropped: the merged call is whole
  CHECK(m.comm == "server");
  CHECK(m.cap[0].read == SR_READ_STRING);
  CHECK(m.cap[0].data == "/tmp");
  CHECK(m.cap[1].read == SR_READ_BYTES);
  CHECK(m.cap[1].flags == SR_CAPF_TRUNCATED);
  CHECK(m.cap[1].full_len == 200);
  CHECK(m.cap[1].data == "xy");
}

TEST_CASE("merge keeps the exit's other flags", "[syscall_event]") {
  SyscallEvent enter, exit;
  enter.type = SR_REC_SYSCALL_ENTER;
  exit.flags = SR_F_RESUMED | SR_F_NO_RETURN;
  CHECK(merge_enter_exit(enter, exit).flags == SR_F_NO_RETURN);
}

TEST_CASE("syscall_error is the errno of a failed call only", "[syscall_event]") {
  SyscallEvent ev;
  ev.ret = -98;
  CHECK(sysray::syscall_error(ev) == 98);
  ev.ret = -4096;  // not an error: e.g. an address in the top page range
  CHECK(sysray::syscall_error(ev) == 0);
  ev.ret = 3;
  CHECK(sysray::syscall_error(ev) == 0);
  ev.ret = -1;
  ev.flags = SR_F_NO_RETURN;
  CHECK(sysray::syscall_error(ev) == 0);
}

TEST_CASE("arbitrary bytes are rejected or parsed, never read past the end", "[syscall_event]") {
  // Under -DSYSRAY_SANITIZE=ON, any read past `size` fails this test.
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> bytes(sizeof(sr_syscall_record) + next() % 64);
    for (auto& b : bytes) b = static_cast<uint8_t>(next() >> 24);
    auto* r = reinterpret_cast<sr_syscall_record*>(bytes.data());
    r->type = SR_REC_SYSCALL;  // get past the first checks often enough
    r->nr = next() % SR_MAX_SYSCALLS;
    r->comm[15] = '\0';
    size_t data = 0;
    for (auto& cap : r->cap) {
      cap.read = next() % (SR_READ_LAST + 1);
      cap.len = next() % 48;
      data += cap.len;
    }
    auto ev = parse_syscall_record(bytes.data(), bytes.size());
    CHECK(ev.has_value() == (data <= bytes.size() - sizeof(sr_syscall_record)));
  }
}
