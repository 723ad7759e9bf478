// funccount --stacks: the stacks grouped per slot and symbolized, and their three forms (text,
// folded, JSON), byte for byte.
#include <catch2/catch.hpp>

#include <cerrno>
#include <sstream>

#include "format/output.h"
#include "render_buffer.h"
#include "stacks/function_stacks.h"

using namespace sysray;
using sysray::test::render;

namespace {

const KernelSymbols& symbols() {
  static const KernelSymbols syms = [] {
    std::istringstream text(
        "ffffffff81000100 T tcp_transmit_skb\n"
        "ffffffff81000200 T tcp_connect\n"
        "ffffffff81000300 T tcp_v4_connect\n"
        "ffffffff81000400 T entry_SYSCALL_64_after_hwframe\n"
        "ffffffffc0000000 t nft_do_chain\t[nf_tables]\n");
    return KernelSymbols(text);
  }();
  return syms;
}

// Innermost first, as bpf_get_stackid stores them.
const std::vector<uint64_t> kConnect = {0xffffffff81000101, 0xffffffff810002c4,
                                        0xffffffff81000310, 0xffffffff81000476};
const std::vector<uint64_t> kModule = {0xffffffff81000101, 0xffffffffc0000040, 0xffffffff00000010};

std::vector<FunctionCount> sample_rows(bool by_comm) {
  std::vector<RawStackCount> raw = {
      {0, 2, by_comm ? "curl" : "", kModule, ""},
      {0, 5, by_comm ? "curl" : "", kConnect, ""},
      {0, 1, by_comm ? "curl" : "", {}, stackid_error_reason(-ENOMEM)},
      {1, 3, by_comm ? "nc" : "", kConnect, ""},
  };
  auto stacks = stacks_per_slot(raw, 2, symbols());
  return {{"tcp_transmit_skb", 8, std::move(stacks[0])}, {"tcp:tcp_probe", 3, std::move(stacks[1])}};
}


}  // namespace

TEST_CASE("funccount --stacks: symbolized per slot, most hits first", "[funccount]") {
  auto rows = sample_rows(false);
  REQUIRE(rows[0].stacks->size() == 3);
  CHECK((*rows[0].stacks)[0].count == 5);
  CHECK((*rows[0].stacks)[1].count == 2);
  CHECK((*rows[0].stacks)[2].missed == "stack map full (ENOMEM)");
  CHECK((*rows[0].stacks)[0].kernel[1].symbol == "tcp_connect");
  CHECK((*rows[0].stacks)[0].kernel[1].offset == 0xc4);
  CHECK(stackid_error_reason(-EEXIST) == "stack map hash collision (EEXIST)");
  CHECK(stackid_error_reason(-EFAULT) == "no kernel stack (EFAULT)");
}

TEST_CASE("funccount --stacks as text: the row, then each stack's hits and frames", "[funccount]") {
  auto text = make_output(false);
  CHECK(render([&](auto& b) { text->function_counts(b, sample_rows(false), "kprobe", 0); }) ==
        fmt::format("{:<40} {:>12}\n", "FUNC", "COUNT") +
            fmt::format("{:<40} {:>12}\n", "tcp_transmit_skb", 8) +
            "  5 hits:\n"
            "    tcp_transmit_skb+0x1\n"
            "    tcp_connect+0xc4\n"
            "    tcp_v4_connect+0x10\n"
            "    entry_SYSCALL_64_after_hwframe+0x76\n"
            "  2 hits:\n"
            "    tcp_transmit_skb+0x1\n"
            "    nft_do_chain+0x40 [nf_tables]\n"
            "    0xffffffff00000010\n"
            "  1 hits: no stack (stack map full (ENOMEM))\n" +
            fmt::format("{:<40} {:>12}\n", "tcp:tcp_probe", 3) +
            "  3 hits:\n"
            "    tcp_transmit_skb+0x1\n"
            "    tcp_connect+0xc4\n"
            "    tcp_v4_connect+0x10\n"
            "    entry_SYSCALL_64_after_hwframe+0x76\n");
}

TEST_CASE("funccount --folded: comm;root;...;leaf COUNT, function names only", "[funccount]") {
  OutputOptions options;
  options.folded = true;
  auto folded = make_output(false, options);
  CHECK(render([&](auto& b) { folded->function_counts(b, sample_rows(true), "kprobe", 0); }) ==
        "curl;entry_SYSCALL_64_after_hwframe;tcp_v4_connect;tcp_connect;tcp_transmit_skb 5\n"
        "nc;entry_SYSCALL_64_after_hwframe;tcp_v4_connect;tcp_connect;tcp_transmit_skb 3\n"
        "curl;0xffffffff00000010;nft_do_chain;tcp_transmit_skb 2\n"
        "curl;[no stack: stack map full (ENOMEM)] 1\n");
  // The same stack reached from two functions (or tracepoints) is one line.
  std::vector<FunctionCount> twice = {{"a", 2, std::vector<CountedStack>{{2, {}, "x", "m"}}},
                                      {"b", 3, std::vector<CountedStack>{{3, {}, "x", "m"}}}};
  CHECK(render([&](auto& b) { folded->function_counts(b, twice, "kprobe", 0); }) ==
        "x;[no stack: m] 5\n");
}

TEST_CASE("funccount --stacks as JSON: a stacks array per function (docs/JSON.md)",
          "[funccount]") {
  auto json = make_output(true);
  std::vector<FunctionCount> rows = sample_rows(false);
  rows[0].stacks->resize(1);
  rows[0].stacks->push_back({1, {}, "", "stack map full (ENOMEM)"});
  rows[1].stacks->clear();
  rows.push_back({"udp_sendmsg", 0, std::nullopt});
  CHECK(render([&](auto& b) { json->function_counts(b, rows, "kprobe", 0); }) ==
        "{\"type\":\"funccount\",\"backend\":\"kprobe\",\"functions\":["
        "{\"name\":\"tcp_transmit_skb\",\"count\":8,\"stacks\":["
        "{\"count\":5,\"kernel\":[\"tcp_transmit_skb+0x1\",\"tcp_connect+0xc4\","
        "\"tcp_v4_connect+0x10\",\"entry_SYSCALL_64_after_hwframe+0x76\"]},"
        "{\"count\":1,\"kernel\":[],\"missed\":\"stack map full (ENOMEM)\"}]},"
        "{\"name\":\"tcp:tcp_probe\",\"count\":3,\"stacks\":[]},"
        "{\"name\":\"udp_sendmsg\",\"count\":0}],\"lost\":0}\n");
}

namespace {

// --user: one stack whose user part is known, one whose user stack found no room.
std::vector<FunctionCount> user_rows(bool by_comm) {
  StackFrame libc{0x7f0000010adc7, "/usr/lib/x86_64-linux-gnu/libc.so.6", 0x10adc7, "connect", 7, "", 0};
  StackFrame app{0x55550000011a4, "/usr/bin/app", 0x11a4, "", 0, "", 0};
  RawStackCount known{0, 4, by_comm ? "app" : "", kConnect, ""};
  known.user = {libc, app};
  RawStackCount lost{0, 1, by_comm ? "app" : "", kConnect, ""};
  lost.user_missed = "no room in the ring buffer";
  auto stacks = stacks_per_slot({known, lost}, 1, symbols());
  return {{"tcp_transmit_skb", 5, std::move(stacks[0])}};
}

}  // namespace

TEST_CASE("funccount --user: the user frames under the kernel's, first in folded, a user array "
          "in JSON", "[funccount]") {
  auto text = make_output(false);
  CHECK(render([&](auto& b) { text->function_counts(b, user_rows(false), "kprobe", 0); }) ==
        fmt::format("{:<40} {:>12}\n", "FUNC", "COUNT") +
            fmt::format("{:<40} {:>12}\n", "tcp_transmit_skb", 5) +
            "  4 hits:\n"
            "    tcp_transmit_skb+0x1\n"
            "    tcp_connect+0xc4\n"
            "    tcp_v4_connect+0x10\n"
            "    entry_SYSCALL_64_after_hwframe+0x76\n"
            "     > /usr/lib/x86_64-linux-gnu/libc.so.6(connect+0x7) [0x10adc7]\n"
            "     > /usr/bin/app() [0x11a4]\n"
            "  1 hits:\n"
            "    tcp_transmit_skb+0x1\n"
            "    tcp_connect+0xc4\n"
            "    tcp_v4_connect+0x10\n"
            "    entry_SYSCALL_64_after_hwframe+0x76\n"
            "     > [no user stack: no room in the ring buffer]\n");
  OutputOptions options;
  options.folded = true;
  auto folded = make_output(false, options);
  CHECK(render([&](auto& b) { folded->function_counts(b, user_rows(true), "kprobe", 0); }) ==
        "app;/usr/bin/app+0x11a4;connect;entry_SYSCALL_64_after_hwframe;tcp_v4_connect;"
        "tcp_connect;tcp_transmit_skb 4\n"
        "app;[no user stack: no room in the ring buffer];entry_SYSCALL_64_after_hwframe;"
        "tcp_v4_connect;tcp_connect;tcp_transmit_skb 1\n");
  OutputOptions json_options;
  json_options.user_stacks = true;
  auto json = make_output(true, json_options);
  CHECK(render([&](auto& b) { json->function_counts(b, user_rows(false), "kprobe", 0); }) ==
        "{\"type\":\"funccount\",\"backend\":\"kprobe\",\"functions\":["
        "{\"name\":\"tcp_transmit_skb\",\"count\":5,\"stacks\":["
        "{\"count\":4,\"kernel\":[\"tcp_transmit_skb+0x1\",\"tcp_connect+0xc4\","
        "\"tcp_v4_connect+0x10\",\"entry_SYSCALL_64_after_hwframe+0x76\"],"
        "\"user\":[\"/usr/lib/x86_64-linux-gnu/libc.so.6(connect+0x7) [0x10adc7]\","
        "\"/usr/bin/app() [0x11a4]\"]},"
        "{\"count\":1,\"kernel\":[\"tcp_transmit_skb+0x1\",\"tcp_connect+0xc4\","
        "\"tcp_v4_connect+0x10\",\"entry_SYSCALL_64_after_hwframe+0x76\"],"
        "\"user\":[],\"user_missed\":\"no room in the ring buffer\"}]}],\"lost\":0}\n");
}
