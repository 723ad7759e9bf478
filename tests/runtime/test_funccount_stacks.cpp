// `sysray funccount --stacks` and `--folded`: each kernel stack counted in the kernel, the hits
// of every stack adding up to the function's count. Tracepoints on every kernel; kernel functions
// once per backend (forced with --backend, and auto), or sysray's exact refusal where a backend
// is missing. Ports 3200-3210.
#include <catch2/catch.hpp>

#include <numeric>

#include "funccount_support.h"

using namespace sysray::test;

namespace {

struct Stack {
  uint64_t count = 0;
  std::vector<std::string> kernel;  // innermost first
  std::string missed;
};

// The stacks of `name` in funccount's only JSON line; checks that they add up to its count.
std::vector<Stack> stacks_of(const ProcessResult& r, const std::string& name) {
  INFO(r.describe());
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.exit_code == 0);
  auto lines = split_lines(r.out);
  REQUIRE(lines.size() == 1);
  json j = json::parse(lines[0]);
  for (const auto& f : j["functions"]) {
    if (f["name"] != name) continue;
    REQUIRE(f.contains("stacks"));
    std::vector<Stack> out;
    uint64_t sum = 0;
    for (const auto& s : f["stacks"]) {
      out.push_back({s["count"].get<uint64_t>(), s["kernel"].get<std::vector<std::string>>(),
                     s.value("missed", "")});
      sum += out.back().count;
    }
    CHECK(sum == f["count"].get<uint64_t>());
    for (size_t i = 1; i < out.size(); ++i) CHECK(out[i - 1].count >= out[i].count);
    return out;
  }
  FAIL("no function " << name << " in " << lines[0]);
  return {};
}

bool has_frame(const Stack& s, const std::string& function) {
  for (const auto& f : s.kernel)
    if (f.rfind(function + "+0x", 0) == 0) return true;
  return false;
}

// The hits of the stacks that pass through `function`.
uint64_t hits_through(const std::vector<Stack>& stacks, const std::string& function) {
  uint64_t n = 0;
  for (const auto& s : stacks)
    if (has_frame(s, function)) n += s.count;
  return n;
}

std::vector<std::string> kernel_function_cases() {
  std::vector<std::string> flags;
  for (const auto& b : forced_backends()) flags.push_back(b.flag);
  flags.push_back("auto");
  return flags;
}

// What `--backend FLAG` must say here, or "" when it must work.
std::string refusal_for(const std::string& flag) {
  if (flag == "auto") return best_function_backend().empty() ? no_backend_error() : "";
  for (const auto& b : forced_backends())
    if (b.flag == flag && !has_feature(b.feature)) return backend_unavailable_error(b);
  return "";
}

}  // namespace

TEST_CASE("funccount --stacks: a tracepoint's stacks, exact hits through tcp_v4_connect",
          "[funccount][stacks]") {
  // Each connect moves the client's socket to SYN_SENT inside tcp_v4_connect, from the connect
  // syscall; every other state change happens after it returned (the SYN-ACK waits in the
  // socket's backlog until release_sock) or under other functions.
  auto r = run_sysray(concat({"funccount", "--stacks", "--json", "t:sock:inet_sock_set_state"},
                             counting_workload(3200)));
  auto stacks = stacks_of(r, "sock:inet_sock_set_state");
  CHECK(hits_through(stacks, "tcp_v4_connect") == kConnects);
  for (const auto& s : stacks) {
    INFO(r.out);
    CHECK(s.missed == "");
    if (has_frame(s, "tcp_v4_connect")) {
      CHECK(has_frame(s, "__sys_connect"));
      CHECK(s.kernel.back().rfind("entry_SYSCALL_64", 0) == 0);
    }
  }
}

TEST_CASE("funccount --stacks: a syscall tracepoint, every hit through one stack or counted "
          "as missing", "[funccount][stacks]") {
  // The 1000 getppid calls of one loop enter the kernel the same way: one stack, from the
  // syscall entry through do_syscall_64 (6.12, 6.18). On 6.1 a syscall tracepoint hands BPF
  // the registers the task entered with, and bpf_get_stackid finds no kernel stack (EFAULT):
  // then the 1000 hits are one entry without frames, and stderr says so.
  auto r = run_sysray({"funccount", "--stacks", "--json", "t:syscalls:sys_enter_getppid", "--",
                       workload("getppid_loop"), "1000"});
  auto stacks = stacks_of(r, "syscalls:sys_enter_getppid");
  INFO(r.out << r.err);
  REQUIRE(stacks.size() == 1);
  CHECK(stacks[0].count == 1000);
  if (stacks[0].missed.empty()) {
    CHECK(has_frame(stacks[0], "do_syscall_64"));
    CHECK(stacks[0].kernel.back().rfind("entry_SYSCALL_64", 0) == 0);
    CHECK(r.err.find("were not recorded") == std::string::npos);
  } else {
    CHECK(stacks[0].missed == "no kernel stack (EFAULT)");
    CHECK(stacks[0].kernel.empty());
    CHECK(r.err.find("sysray: the kernel stacks of 1000 hits were not recorded: 1000 no kernel "
                     "stack (EFAULT)\n") != std::string::npos);
  }
}

TEST_CASE("funccount --stacks as text and --folded", "[funccount][stacks]") {
  SECTION("text: the row, then each stack's hits and frames") {
    auto r = run_sysray(concat({"funccount", "--stacks", "t:sock:inet_sock_set_state"},
                               counting_workload(3201)));
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    auto lines = split_lines(r.out);
    REQUIRE(lines.size() > 3);
    CHECK(lines[0].rfind("FUNC", 0) == 0);
    CHECK(lines[1].rfind("sock:inet_sock_set_state ", 0) == 0);
    CHECK(lines[2].find(" hits:") != std::string::npos);
    CHECK(r.out.find("    tcp_v4_connect+0x") != std::string::npos);
  }
  SECTION("folded: comm;root;...;leaf COUNT, the connects' lines adding up to kConnects") {
    auto r = run_sysray(concat({"funccount", "--folded", "t:sock:inet_sock_set_state"},
                               counting_workload(3202)));
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    uint64_t through_connect = 0;
    for (const auto& line : split_lines(r.out)) {
      INFO(line);
      auto space = line.rfind(' ');
      REQUIRE(space != std::string::npos);
      CHECK(line.rfind("udp_tcp_counts;entry_SYSCALL_64", 0) == 0);
      if (line.find(";tcp_v4_connect;") != std::string::npos)
        through_connect += std::stoull(line.substr(space + 1));
    }
    CHECK(through_connect == kConnects);
  }
  SECTION("--folded and --json together are bad input") {
    check_refused(run_sysray({"funccount", "--folded", "--json", "t:sock:inet_sock_set_state"}), 2,
                  "sysray: --folded and --json are two output formats: choose one\n");
  }
}

TEST_CASE("funccount --stacks on kernel functions, per backend: __tcp_transmit_skb from "
          "tcp_v4_connect, ip4_datagram_connect from connect",
          "[funccount][stacks]") {
  // tcp_transmit_skb itself is inlined into its callers on Debian's 6.12 (no symbol, no BTF):
  // __tcp_transmit_skb is the function every TCP segment goes through. Under tcp_v4_connect it
  // sends exactly the SYN (the SYN-ACK is not sent through it, and the client's ACK waits in the
  // socket's backlog until connect releases the socket).
  int port = 3203;
  for (const auto& flag : kernel_function_cases()) {
    DYNAMIC_SECTION("--backend " << flag) {
      auto tcp = run_sysray(concat({"funccount", "--stacks", "--json", "--backend", flag,
                                    "__tcp_transmit_skb"},
                                   counting_workload(port)),
                            std::chrono::seconds(120));
      auto udp = run_sysray({"funccount", "--stacks", "--json", "--backend", flag,
                             "ip4_datagram_connect", "--", workload("sock_udp"),
                             std::to_string(port + 4), "v4"},
                            std::chrono::seconds(120));
      if (std::string refusal = refusal_for(flag); !refusal.empty()) {
        check_refused(tcp, 1, refusal);
        check_refused(udp, 1, refusal);
        continue;
      }
      auto tcp_stacks = stacks_of(tcp, "__tcp_transmit_skb");
      INFO(tcp.out);
      CHECK(hits_through(tcp_stacks, "tcp_v4_connect") == kConnects);
      CHECK(hits_through(tcp_stacks, "tcp_connect") == kConnects);
      auto udp_stacks = stacks_of(udp, "ip4_datagram_connect");
      INFO(udp.out);
      REQUIRE(udp_stacks.size() == 1);
      CHECK(udp_stacks[0].count == 1);
      CHECK(has_frame(udp_stacks[0], "__sys_connect"));
      CHECK(udp_stacks[0].kernel.back().rfind("entry_SYSCALL_64", 0) == 0);
    }
    ++port;
  }
}
