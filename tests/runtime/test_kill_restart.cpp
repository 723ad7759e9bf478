// SIGKILL at any moment leaves nothing behind: sysray's BPF programs, links and maps live only
// as long as its fds (nothing is pinned), so the kernel drops them when the process dies, and the
// next run starts cleanly. Checked through the kernel's own lists (BPF_PROG_GET_NEXT_ID and its
// siblings: what `bpftool prog/link/map show` print), by sysray's program and map names.
#include <catch2/catch.hpp>

#include <bpf/bpf.h>
#include <signal.h>
#include <unistd.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "runtime_support.h"

using namespace sysray::test;

namespace {

// sysray's program names (as the kernel keeps them: at most 15 characters) by their prefixes,
// and map names no other tool here uses.
bool sysray_program(const std::string& name) {
  for (const char* p : {"sys_enter_", "sys_exit_", "sched_", "signal_deliver", "sock_", "fentry_",
                        "kprobe_", "count_", "probe_"})
    if (name.rfind(p, 0) == 0) return true;
  return false;
}

bool sysray_map(const std::string& name) {
  for (const char* n : {"slots", "parked", "syscall_captur", "inflight", "lost_events", "targets"})
    if (name == n) return true;
  return false;
}

// The names of the BPF objects of one kind the kernel holds now that are sysray's.
template <typename Info>
std::vector<std::string> live(int (*next_id)(__u32, __u32*), int (*fd_by_id)(__u32),
                              bool (*ours)(const std::string&)) {
  std::vector<std::string> out;
  __u32 id = 0;
  while (next_id(id, &id) == 0) {
    int fd = fd_by_id(id);
    if (fd < 0) continue;  // gone meanwhile
    Info info{};
    __u32 len = sizeof(info);
    if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && ours(info.name))
      out.push_back(std::string(info.name) + " (id " + std::to_string(id) + ")");
    close(fd);
  }
  return out;
}

std::vector<std::string> live_programs() {
  return live<bpf_prog_info>(bpf_prog_get_next_id, bpf_prog_get_fd_by_id, sysray_program);
}
std::vector<std::string> live_maps() {
  return live<bpf_map_info>(bpf_map_get_next_id, bpf_map_get_fd_by_id, sysray_map);
}

// Links name no object: each points at a program, which must be gone with it.
std::vector<std::string> live_links() {
  std::vector<std::string> out;
  __u32 id = 0;
  while (bpf_link_get_next_id(id, &id) == 0) {
    int fd = bpf_link_get_fd_by_id(id);
    if (fd < 0) continue;
    bpf_link_info info{};
    __u32 len = sizeof(info);
    if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0) {
      int prog = bpf_prog_get_fd_by_id(info.prog_id);
      bpf_prog_info p{};
      __u32 plen = sizeof(p);
      if (prog >= 0 && bpf_obj_get_info_by_fd(prog, &p, &plen) == 0 && sysray_program(p.name))
        out.push_back(std::string("link to ") + p.name + " (id " + std::to_string(id) + ")");
      if (prog >= 0) close(prog);
    }
    close(fd);
  }
  return out;
}

// The kernel frees objects after an RCU grace period: wait until none is left, or `timeout`.
bool nothing_left(milliseconds timeout, std::string* left) {
  std::vector<std::string> all;
  bool none = poll_until(
      [&] {
        all = live_programs();
        for (auto& m : live_maps()) all.push_back("map " + m);
        for (auto& l : live_links()) all.push_back(l);
        return all.empty();
      },
      timeout);
  for (const auto& s : all) *left += s + "\n";
  return none;
}

}  // namespace

TEST_CASE("SIGKILL at random moments of busy sessions leaves no program, link or map",
          "[lifecycle][kill]") {
  std::string left;
  // Nothing of sysray's before: another test's leftovers would be blamed on this one.
  REQUIRE(nothing_left(milliseconds(3000), &left));
  // A busy target: getppid as fast as it can, for longer than the test runs.
  Process busy({workload("getppid_loop"), "1000000000"});
  const std::string pid = std::to_string(busy.pid());
  const std::vector<std::vector<std::string>> sessions = {
      {"trace", "-f", "-o", "/dev/null", "-p", pid},
      {"trace", "--json", "-T", "-o", "/dev/null", "-p", pid},
      {"count", "-p", pid},
      {"sockets", "-o", "/dev/null", "-p", pid},
  };
  std::mt19937 random(20261204);  // fixed: a failure can be replayed
  std::uniform_int_distribution<int> delay_ms(0, 400);
  for (int i = 0; i < 20; ++i) {
    std::vector<std::string> argv = sessions[i % sessions.size()];
    argv.insert(argv.begin(), sysray_bin());
    Process tracer(argv);
    int ms = delay_ms(random);  // from before the programs load to well into the stream
    std::this_thread::sleep_for(scaled(milliseconds(ms)));
    tracer.signal(SIGKILL);
    auto r = tracer.wait(scaled(milliseconds(10000)));
    INFO("kill " << i << " after " << ms << " ms: " << r.describe());
    CHECK(r.term_signal == SIGKILL);
  }
  busy.signal(SIGKILL);
  CHECK(nothing_left(milliseconds(3000), &left));
  INFO(left);
  CHECK(left == "");

  // The next run starts cleanly and counts exactly.
  auto r = run_sysray({"count", "--json", "-e", "getppid", "--", workload("getppid_loop"), "1000"});
  require_clean_exit(r);
  std::string error;
  auto objects = parse_json_lines(r.out, &error);
  REQUIRE(error == "");
  REQUIRE(objects.size() == 1);
  REQUIRE(objects[0]["syscalls"].size() == 1);
  CHECK(objects[0]["syscalls"][0]["syscall"] == "getppid");
  CHECK(objects[0]["syscalls"][0]["calls"] == 1000);
  CHECK(nothing_left(milliseconds(3000), &left));
}
