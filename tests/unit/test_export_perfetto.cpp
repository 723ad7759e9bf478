// The Perfetto output decoded by field number, as trace processor reads it.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "export_fixtures.h"

using namespace sysray::test;

namespace {

// One decoded message: per field number, its values (varints, or the bytes of a
// length-delimited field).
struct Message {
  std::multimap<uint32_t, uint64_t> varints;
  std::multimap<uint32_t, std::string> bytes;

  uint64_t varint(uint32_t field) const {
    auto it = varints.find(field);
    REQUIRE(it != varints.end());
    return it->second;
  }
  std::string str(uint32_t field) const {
    auto it = bytes.find(field);
    REQUIRE(it != bytes.end());
    return it->second;
  }
  std::vector<std::string> all(uint32_t field) const {
    std::vector<std::string> out;
    for (auto [it, end] = bytes.equal_range(field); it != end; ++it) out.push_back(it->second);
    return out;
  }
  bool has(uint32_t field) const { return varints.count(field) + bytes.count(field) > 0; }
};

uint64_t read_varint(const std::string& s, size_t& pos) {
  uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    REQUIRE(pos < s.size());
    auto byte = static_cast<uint8_t>(s[pos++]);
    value |= uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) return value;
  }
}

Message decode(const std::string& s) {
  Message m;
  size_t pos = 0;
  while (pos < s.size()) {
    uint64_t key = read_varint(s, pos);
    auto field = static_cast<uint32_t>(key >> 3);
    switch (key & 7) {
      case 0: m.varints.emplace(field, read_varint(s, pos)); break;
      case 2: {
        uint64_t len = read_varint(s, pos);
        REQUIRE(pos + len <= s.size());
        m.bytes.emplace(field, s.substr(pos, len));
        pos += len;
        break;
      }
      default: FAIL("unexpected wire type " << (key & 7));
    }
  }
  return m;
}

}  // namespace

TEST_CASE("export perfetto: track per thread under its process, BEGIN/END with annotations",
          "[export]") {
  Message trace = decode(convert("perfetto").output);
  std::vector<Message> packets;
  for (const auto& p : trace.all(1)) packets.push_back(decode(p));
  REQUIRE(packets.size() == 9);
  for (const auto& p : packets) CHECK(p.varint(10) == 1);  // trusted_packet_sequence_id

  // The process, then its first thread.
  Message process_track = decode(packets[0].str(60));
  CHECK(process_track.varint(1) == 201);  // uuid
  Message process = decode(process_track.str(3));
  CHECK(process.varint(1) == 100);
  CHECK(process.str(6) == "app");
  Message thread_track = decode(packets[1].str(60));
  CHECK(thread_track.varint(1) == 200);
  CHECK(thread_track.varint(5) == 201);  // parent_uuid: the process
  CHECK(thread_track.str(2) == "app (100)");
  Message thread = decode(thread_track.str(4));
  CHECK(thread.varint(1) == 100);
  CHECK(thread.varint(2) == 100);
  CHECK(thread.str(5) == "app");

  // openat: BEGIN at its entry with name, category, annotations and callstack; END at return.
  CHECK(packets[2].varint(8) == 1000000000);
  Message begin = decode(packets[2].str(11));
  CHECK(begin.varint(9) == 1);  // TYPE_SLICE_BEGIN
  CHECK(begin.varint(11) == 200);
  CHECK(begin.str(23) == "openat");
  CHECK(begin.str(22) == "syscall");
  auto annotations = begin.all(4);
  REQUIRE(annotations.size() == 2);
  Message args = decode(annotations[0]);
  CHECK(args.str(10) == "args");
  CHECK(args.str(6) == R"("AT_FDCWD", "/etc/hosts", "O_RDONLY|O_CLOEXEC")");
  Message ret = decode(annotations[1]);
  CHECK(ret.str(10) == "ret");
  CHECK(ret.varint(4) == 3);
  std::vector<std::string> frames;
  for (const auto& f : decode(begin.str(55)).all(1)) frames.push_back(decode(f).str(1));
  CHECK(frames == std::vector<std::string>{"openat", "load_hosts()", "/bin/app+0x1100"});
  CHECK(packets[3].varint(8) == 1000005000);
  Message end = decode(packets[3].str(11));
  CHECK(end.varint(9) == 2);  // TYPE_SLICE_END
  CHECK(end.varint(11) == 200);
  CHECK_FALSE(end.has(23));

  // The second thread: a new thread track only, and the failed bind's errno and ret -1.
  Message worker_track = decode(packets[4].str(60));
  CHECK(worker_track.varint(1) == 202);
  CHECK(worker_track.varint(5) == 201);
  Message bind = decode(packets[5].str(11));
  CHECK(bind.str(23) == "bind");
  auto bind_annotations = bind.all(4);
  REQUIRE(bind_annotations.size() == 3);
  CHECK(static_cast<int64_t>(decode(bind_annotations[1]).varint(4)) == -1);
  CHECK(decode(bind_annotations[2]).str(10) == "errno");
  CHECK(decode(bind_annotations[2]).str(6) == "EADDRINUSE");
  CHECK_FALSE(bind.has(55));

  // exit_group never returned: no ret annotation, END at its entry.
  Message exit_group = decode(packets[7].str(11));
  CHECK(exit_group.str(23) == "exit_group");
  CHECK(exit_group.all(4).size() == 1);
  CHECK(packets[8].varint(8) == 1000030000);
}
