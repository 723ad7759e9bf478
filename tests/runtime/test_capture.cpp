// `sysray capture --fd`: the bytes written to an fd come back complete, in order and
// byte-exact (write and writev, 1 B .. 64 KiB), from a command or a running process, with two
// threads writing at once; bad input gets one line.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>

#include <map>
#include <regex>

#include "../workloads/capture_stream.h"
#include "runtime_support.h"

using namespace sysray::test;

namespace {

// "" when `got` equals `want`; else where they first differ (never the megabytes themselves).
std::string first_difference(const std::string& got, const std::string& want) {
  size_t n = std::min(got.size(), want.size());
  for (size_t i = 0; i < n; ++i)
    if (got[i] != want[i]) return "the bytes differ first at offset " + std::to_string(i);
  if (got.size() != want.size())
    return "captured " + std::to_string(got.size()) + " bytes, expected " + std::to_string(want.size());
  return "";
}

std::string base64_decode(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) break;  // '=' padding
    acc = acc << 6 | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(char(acc >> bits));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("capture --fd 2 -- CMD: 1 MiB of uneven write and writev calls, byte-exact", "[capture]") {
  const size_t total = 1 << 20;
  TempDir dir;
  std::string out = dir.file("stderr.bin"), gaps = dir.file("gaps.txt");
  auto r = run_sysray({"capture", "--fd", "2", "-o", out, "--gaps", gaps, "--",
                       workload("capture_writer"), "once", std::to_string(total)});
  require_clean_exit(r);
  std::string got = read_file(out);
  CHECK(first_difference(got, capture_stream::bytes(0, total)) == "");
  CHECK(read_file(gaps).empty());
}

TEST_CASE("capture --json: one object per write, offsets contiguous, data exact", "[capture]") {
  const size_t total = 256 * 1024;
  auto events = clean_json(run_sysray({"capture", "--fd", "2", "--json", "--",
                                       workload("capture_writer"), "once", std::to_string(total)}));
  // The workload's own writes, as its plan makes them.
  capture_stream::Plan plan;
  std::vector<size_t> sizes;
  for (size_t at = 0; at < total;) {
    size_t size = std::min(plan.next().size, total - at);
    sizes.push_back(size);
    at += size;
  }
  REQUIRE(events.size() == sizes.size());
  std::string all;
  for (size_t i = 0; i < events.size(); ++i) {
    const json& e = events[i];
    INFO("write " << i << ": " << e.dump().substr(0, 200));
    CHECK(e["type"] == "write");
    CHECK(e["fd"] == 2);
    CHECK(e["pid"] == e["tid"]);
    CHECK(e["offset"] == all.size());
    CHECK(e["bytes"] == sizes[i]);
    std::string data = base64_decode(e["data"].get<std::string>());
    CHECK(data.size() == sizes[i]);
    all += data;
  }
  CHECK(first_difference(all, capture_stream::bytes(0, total)) == "");
}

TEST_CASE("capture -p: a running writer, complete from the first write after attaching", "[capture]") {
  TempDir dir;
  std::string out = dir.file("stderr.bin");
  Process writer({workload("capture_writer"), "loop"});
  REQUIRE(wait_ready(writer));
  Process capture({sysray_bin(), "capture", "--fd", "2", "-p", std::to_string(writer.pid()), "-o", out});
  // Enough for dozens of writes after the attach, however slow the machine.
  auto captured = [&] {
    writer.pump(milliseconds(0));
    struct stat st{};
    return stat(out.c_str(), &st) == 0 && st.st_size >= 512 * 1024;
  };
  REQUIRE(poll_until(captured, std::chrono::seconds(60)));
  writer.signal(SIGKILL);
  writer.wait(std::chrono::seconds(5));  // reaped: a zombie would still count as running
  auto r = capture.wait(scaled(std::chrono::seconds(20)));
  require_clean_exit(r);
  std::string got = read_file(out);
  // The offsets the writer announced before each write: the capture starts at one of them
  // and runs on without a hole.
  std::vector<uint64_t> starts;
  for (const std::string& line : split_lines(writer.out()))
    if (!line.empty() && line[0] == '@') starts.push_back(std::stoull(line.substr(1)));
  REQUIRE(starts.size() > 1);
  std::string head = got.substr(0, 64);
  std::optional<uint64_t> start;
  for (uint64_t s : starts)
    if (capture_stream::bytes(s, head.size()) == head) start = s;
  REQUIRE(start);
  CHECK(*start > 0);  // attached to a writer already running
  CHECK(first_difference(got, capture_stream::bytes(*start, got.size())) == "");
  // It ends at a write's end: the next announced offset (or the last write was whole).
  uint64_t end = *start + got.size();
  CHECK((std::find(starts.begin(), starts.end(), end) != starts.end() || end > starts.back()));
}

TEST_CASE("capture: two threads writing at once, each write whole", "[capture]") {
  const long count = 300;
  auto r = run_sysray({"capture", "--fd", "2", "--", workload("capture_writer"), "threads",
                       std::to_string(count)});
  require_clean_exit(r);
  const std::string& s = r.out;
  std::map<int, long> next;  // thread → its next seq
  size_t at = 0, records = 0;
  while (at < s.size()) {
    size_t bar = s.find('|', at);
    REQUIRE(bar != std::string::npos);
    std::string header = s.substr(at, bar - at);
    int t = -1;
    long seq = -1;
    size_t len = 0;
    INFO("record at offset " << at << ": '" << header.substr(0, 40) << "'");
    REQUIRE(std::sscanf(header.c_str(), "%d:%ld:%zu", &t, &seq, &len) == 3);
    REQUIRE((t == 0 || t == 1));
    CHECK(seq == next[t]++);
    REQUIRE(bar + 1 + len <= s.size());
    CHECK(s.compare(bar + 1, len, std::string(len, char('a' + t))) == 0);
    at = bar + 1 + len;
    ++records;
  }
  CHECK(records == 2 * count);
  CHECK(next[0] == count);
  CHECK(next[1] == count);
}

TEST_CASE("capture -f: the children's writes too; without -f only the command's own",
          "[capture]") {
  // sh runs two writers one after the other (the trailing `true` keeps sh from exec'ing the
  // last one itself): each writes the stream's first 4096 bytes to its own stderr.
  const std::string writer = workload("capture_writer");
  const std::string script = writer + " once 4096; " + writer + " once 4096; true";
  TempDir dir;
  auto with_f = run_sysray({"capture", "--fd", "2", "-f", "-o", dir.file("f.bin"), "--", "sh", "-c", script});
  require_clean_exit(with_f);
  CHECK(first_difference(read_file(dir.file("f.bin")),
                         capture_stream::bytes(0, 4096) + capture_stream::bytes(0, 4096)) == "");
  auto without = run_sysray({"capture", "--fd", "2", "-o", dir.file("plain.bin"), "--", "sh", "-c", script});
  require_clean_exit(without);
  CHECK(read_file(dir.file("plain.bin")).empty());
}

TEST_CASE("capture: bytes lost to a full ring are each a gap, the rest byte-exact around them",
          "[capture]") {
  // A 16 KiB ring cannot hold the stream's 64 KiB writes: losses are certain. Every byte is
  // either in the output, where its offset says, or in exactly one gap line.
  const size_t total = 1 << 20;
  TempDir dir;
  auto r = run_sysray({"capture", "--fd", "2", "--buffer-size", "16K", "-o", dir.file("out.bin"),
                       "--gaps", dir.file("gaps.txt"), "--", workload("capture_writer"), "once",
                       std::to_string(total)});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  std::string out = read_file(dir.file("out.bin"));
  auto gaps = split_lines(read_file(dir.file("gaps.txt")));
  REQUIRE_FALSE(gaps.empty());
  static const std::regex gap_line(
      R"(^output_offset=(\d+) fd=2 pid=\d+ tid=\d+ fd_offset=(\d+) bytes=(\d+) reason=ring_full$)");
  uint64_t out_at = 0, fd_at = 0, lost = 0;
  auto check_piece = [&](uint64_t len) {
    REQUIRE(out_at + len <= out.size());
    CHECK(out.compare(out_at, len, capture_stream::bytes(fd_at, len)) == 0);
    out_at += len;
    fd_at += len;
  };
  for (const auto& line : gaps) {
    INFO(line);
    std::smatch m;
    REQUIRE(std::regex_match(line, m, gap_line));
    uint64_t output_offset = std::stoull(m[1]), fd_offset = std::stoull(m[2]), bytes = std::stoull(m[3]);
    REQUIRE(output_offset >= out_at);
    check_piece(output_offset - out_at);
    CHECK(fd_offset == fd_at);
    fd_at += bytes;
    lost += bytes;
  }
  check_piece(out.size() - out_at);
  CHECK(fd_at == total);
  CHECK(out.size() + lost == total);
  CHECK(r.err.find("(" + std::to_string(lost) + " bytes of known size lost)") != std::string::npos);
}

TEST_CASE("capture: bad input gets one line and a non-zero exit", "[capture][options]") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
    int exit_code;
  };
  std::string w = workload("capture_writer");
  for (const Case& c : std::vector<Case>{
           {{"capture", "--", w}, "sysray: --fd is required (see sysray --help)\n", 2},
           {{"capture", "--fd", "x", "--", w},
            "sysray: invalid fd 'x' in --fd: expected a number from 0 to 1023\n", 2},
           {{"capture", "--fd", "2,", "--", w},
            "sysray: invalid fd '' in --fd: expected a number from 0 to 1023\n", 2},
           {{"capture", "--fd", "1024", "--", w},
            "sysray: invalid fd '1024' in --fd: expected a number from 0 to 1023\n", 2},
           {{"capture", "--fd", "2"},
            "sysray: capture needs its targets: -p PID[,PID...] or a command after --\n", 2},
           {{"capture", "--fd", "2", "-p"},
            "sysray: --pid: 1 required PID missing (see sysray --help)\n", 2},
           {{"capture", "--fd", "2", "-p", "abc"},
            "sysray: invalid pid 'abc' in -p: expected a positive number\n", 2},
       }) {
    DYNAMIC_SECTION(c.args[c.args.size() - 1]) {
      auto r = run_sysray(c.args);
      INFO(r.describe());
      CHECK(r.exit_code == c.exit_code);
      CHECK(r.out.empty());
      CHECK(r.err == c.message);
    }
  }
}
