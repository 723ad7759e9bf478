// The log2 slots shared with the BPF side (include/sysray/latency.h), BCC's chart, the JSON.
#include <catch2/catch.hpp>

#include "format/count_report.h"
#include "format/funclatency_report.h"
#include "format/latency_histogram.h"

using namespace sysray;

namespace {

LatencyHistogram hist(std::initializer_list<std::pair<int, uint64_t>> slots) {
  LatencyHistogram h;
  for (auto [i, n] : slots) h.slots[i] = n;
  return h;
}

}  // namespace

TEST_CASE("log2 slots: the slot of a duration and the range each slot holds", "[latency]") {
  CHECK(sr_log2_slot(0) == 0);
  CHECK(sr_log2_slot(1) == 0);
  CHECK(sr_log2_slot(2) == 1);
  CHECK(sr_log2_slot(3) == 1);
  CHECK(sr_log2_slot(4) == 2);
  CHECK(sr_log2_slot(255) == 7);
  CHECK(sr_log2_slot(256) == 8);
  CHECK(sr_log2_slot(20'000'000) == 24);  // 20 ms: 16777216 .. 33554431
  CHECK(sr_log2_slot(0xFFFFFFFFull) == 31);
  CHECK(sr_log2_slot(0x100000000ull) == 32);
  CHECK(sr_log2_slot(~0ull) == 63);
  // Every duration lies within its slot's range, at the edges too.
  for (int i = 0; i < SR_LOG2_SLOTS; ++i) {
    INFO("slot " << i);
    CHECK(sr_log2_slot(sr_log2_slot_low(i)) == uint32_t(i));
    CHECK(sr_log2_slot(sr_log2_slot_high(i)) == uint32_t(i));
    if (i > 0) CHECK(sr_log2_slot_low(i) == sr_log2_slot_high(i - 1) + 1);
  }
  CHECK(sr_log2_slot_low(0) == 0);
  CHECK(sr_log2_slot_high(0) == 1);
  CHECK(sr_log2_slot_high(24) == 33554431);
  CHECK(sr_log2_slot_high(63) == ~0ull);
}

TEST_CASE("log2 histogram: per-CPU slots add up", "[latency]") {
  std::vector<sr_log2_hist> cpus(3);
  cpus[0].slots[5] = 2;
  cpus[2].slots[5] = 3;
  cpus[1].slots[63] = 1;
  LatencyHistogram h = sum_per_cpu(cpus);
  CHECK(h.slots[5] == 5);
  CHECK(h.slots[63] == 1);
  CHECK(h.total() == 6);
  CHECK_FALSE(h.empty());
  CHECK(LatencyHistogram{}.empty());
}

TEST_CASE("log2 histogram: BCC's chart", "[latency]") {
  fmt::memory_buffer buf;
  append_log2_hist_text(buf, hist({{0, 1}, {2, 4}, {3, 8}}));
  CHECK(fmt::to_string(buf) ==
        "     nsecs               : count    distribution\n"
        "         0 -> 1          : 1        |*****                                   |\n"
        "         2 -> 3          : 0        |                                        |\n"
        "         4 -> 7          : 4        |********************                    |\n"
        "         8 -> 15         : 8        |****************************************|\n");
}

TEST_CASE("log2 histogram: beyond slot 32 the columns widen and the bars halve", "[latency]") {
  fmt::memory_buffer buf;
  append_log2_hist_text(buf, hist({{33, 2}}));
  std::string text = fmt::to_string(buf);
  CHECK(text.rfind("               nsecs                         : count    distribution\n"
                   "                   0 -> 1                    : 0        |                    |\n",
                   0) == 0);
  CHECK(text.find("          8589934592 -> 17179869183          : 2        |********************|\n") !=
        std::string::npos);
}

TEST_CASE("log2 histogram: nothing for an empty one", "[latency]") {
  fmt::memory_buffer buf;
  append_log2_hist_text(buf, LatencyHistogram{});
  CHECK(fmt::to_string(buf).empty());
}

TEST_CASE("log2 histogram: JSON lists the non-empty slots with their upper bound", "[latency]") {
  fmt::memory_buffer buf;
  append_histogram_json(buf, hist({{0, 1}, {24, 5}, {63, 2}}));
  CHECK(fmt::to_string(buf) ==
        ",\"histogram\":[{\"le_ns\":1,\"count\":1},{\"le_ns\":33554431,\"count\":5},"
        "{\"le_ns\":18446744073709551615,\"count\":2}]");
}

TEST_CASE("count --latency: the table, then each syscall's chart in the table's order", "[latency]") {
  std::vector<SyscallCount> rows = {{"getppid", 3, 0, 300, 150, hist({{6, 1}, {7, 2}})},
                                    {"nanosleep", 1, 0, 20'000'000, 20'000'000, hist({{24, 1}})},
                                    {"exit_group", 1, 0, 0, 0, LatencyHistogram{}}};
  fmt::memory_buffer buf;
  append_count_table(buf, rows);
  std::string text = fmt::to_string(buf);
  auto nanosleep = text.find("\nsyscall = nanosleep\n");
  auto getppid = text.find("\nsyscall = getppid\n");
  REQUIRE(nanosleep != std::string::npos);
  REQUIRE(getppid != std::string::npos);
  CHECK(nanosleep < getppid);  // most time first
  CHECK(text.find("syscall = exit_group") == std::string::npos);  // never returns: no chart
  CHECK(text.find("  16777216 -> 33554431   : 1        |****************************************|\n") !=
        std::string::npos);
  CHECK(text.substr(getppid) ==
        "\nsyscall = getppid\n"
        "     nsecs               : count    distribution\n"
        "         0 -> 1          : 0        |                                        |\n"
        "         2 -> 3          : 0        |                                        |\n"
        "         4 -> 7          : 0        |                                        |\n"
        "         8 -> 15         : 0        |                                        |\n"
        "        16 -> 31         : 0        |                                        |\n"
        "        32 -> 63         : 0        |                                        |\n"
        "        64 -> 127        : 1        |********************                    |\n"
        "       128 -> 255        : 2        |****************************************|\n");
}

TEST_CASE("count --latency --json: a histogram field per syscall, none without", "[latency]") {
  fmt::memory_buffer buf;
  append_count_json(buf, {{"getppid", 3, 0, 300, 150, hist({{6, 1}, {7, 2}})}}, 0);
  append_count_json(buf, {{"getppid", 3, 0, 300, 150}}, 0);
  CHECK(fmt::to_string(buf) ==
        "{\"type\":\"summary\",\"syscalls\":[{\"syscall\":\"getppid\",\"calls\":3,\"errors\":0,"
        "\"total_ns\":300,\"avg_ns\":100,\"max_ns\":150,\"histogram\":[{\"le_ns\":127,\"count\":1},"
        "{\"le_ns\":255,\"count\":2}]}],\"lost\":0}\n"
        "{\"type\":\"summary\",\"syscalls\":[{\"syscall\":\"getppid\",\"calls\":3,\"errors\":0,"
        "\"total_ns\":300,\"avg_ns\":100,\"max_ns\":150}],\"lost\":0}\n");
}

TEST_CASE("funclatency: text per function that timed something, JSON for all", "[latency]") {
  std::vector<FunctionLatency> rows = {{"udp_sendmsg", hist({{10, 3}})}, {"udp_rcv", {}}};
  fmt::memory_buffer text;
  append_funclatency_text(text, rows);
  CHECK(fmt::to_string(text).rfind("\nFunction = udp_sendmsg\n     nsecs               : count", 0) == 0);
  CHECK(fmt::to_string(text).find("udp_rcv") == std::string::npos);
  fmt::memory_buffer json;
  append_funclatency_json(json, rows, "fentry", 2);
  CHECK(fmt::to_string(json) ==
        "{\"type\":\"funclatency\",\"backend\":\"fentry\",\"interval\":2,\"functions\":["
        "{\"name\":\"udp_sendmsg\",\"count\":3,\"histogram\":[{\"le_ns\":2047,\"count\":3}]},"
        "{\"name\":\"udp_rcv\",\"count\":0,\"histogram\":[]}],\"lost\":0}\n");
}
