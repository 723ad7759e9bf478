// --cgroup PATH: only the processes of one cgroup v2 subtree, filtered in the kernel, for
// trace, count, sockets and funccount. Each test makes its own cgroup under the cgroup2 mount
// and moves one of two workloads into it; only that one's calls may be shown or counted.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "exporter_support.h"
#include "runtime_support.h"
#include "sockets_support.h"

using namespace sysray::test;

namespace {

// Where cgroup2 is mounted ("" when it is not): /sys/fs/cgroup, or /sys/fs/cgroup/unified on
// hybrid hosts.
std::string cgroup2_root() {
  std::ifstream mounts("/proc/mounts");
  std::string line;
  while (std::getline(mounts, line)) {
    std::istringstream f(line);
    std::string dev, dir, type;
    if (f >> dev >> dir >> type && type == "cgroup2") return dir;
  }
  return "";
}

// A fresh cgroup, removed at scope exit (its processes are gone by then).
class TestCgroup {
 public:
  TestCgroup() {
    std::string root = cgroup2_root();
    REQUIRE(root != "");
    path_ = root + "/sysray-test-" + std::to_string(getpid());
    REQUIRE(mkdir(path_.c_str(), 0755) == 0);
  }
  ~TestCgroup() { rmdir(path_.c_str()); }
  const std::string& path() const { return path_; }
  // sh words that move the shell itself into the cgroup, then exec `argv`.
  std::string moved(const std::string& argv) const {
    return "sh -c 'echo $$ > " + path_ + "/cgroup.procs && exec " + argv + "'";
  }

 private:
  std::string path_;
};

}  // namespace

TEST_CASE("--cgroup: count and trace see only the processes in the cgroup", "[cgroup]") {
  TestCgroup cg;
  const std::string loop = workload("getppid_loop");
  // Two loops in the traced tree: 1000 calls inside the cgroup, 500 outside.
  const std::string both = cg.moved(loop + " 1000") + " & " + loop + " 500; wait";
  SECTION("count") {
    auto r = run_sysray({"count", "--json", "-f", "-e", "getppid", "--cgroup", cg.path(), "--",
                         "sh", "-c", both});
    auto objects = clean_json(r);
    REQUIRE(objects.size() == 1);
    REQUIRE(objects[0]["syscalls"].size() == 1);
    CHECK(objects[0]["syscalls"][0]["calls"] == 1000);
    // The same without --cgroup: both loops (and the shells' own getppid calls, if any).
    auto all = clean_json(run_sysray({"count", "--json", "-f", "-e", "getppid", "--", "sh", "-c", both}));
    REQUIRE(all.size() == 1);
    CHECK(all[0]["syscalls"][0]["calls"].get<int>() >= 1500);
  }
  SECTION("trace") {
    const std::string few = cg.moved(loop + " 3") + " & " + loop + " 2; wait";
    Trace t = clean_trace(run_sysray({"trace", "-f", "-e", "getppid", "--cgroup", cg.path(), "--",
                                      "sh", "-c", few}));
    INFO(t.dump());
    REQUIRE(t.lines.size() == 3);
    for (const auto& l : t.lines) {
      CHECK(l.tid == t.lines[0].tid);
      CHECK(std::regex_match(l.body, std::regex(R"(getppid\(\) = [0-9]+)")));
    }
  }
}

TEST_CASE("--cgroup: sockets sees only the processes in the cgroup", "[cgroup]") {
  TestCgroup cg;
  const std::string run = cg.moved(workload("udp_bind_twice") + " 3194") + " & " +
                          workload("udp_bind_twice") + " 3195; wait";
  auto all = clean_json(run_sockets({"--json", "-f", "--cgroup", cg.path(), "--", "sh", "-c", run}));
  auto events = select(all, "socket");
  REQUIRE(events.size() == 6);  // socket, bind, socket, failed bind, close, close
  for (const auto& e : events) {
    INFO(e.dump());
    CHECK((e["local"]["port"] == 3194 || e["local"]["port"] == 0));
  }
  CHECK(select(all, "port_owner").size() == 1);
}

TEST_CASE("--cgroup: funccount counts only the processes in the cgroup", "[cgroup][funccount]") {
  TestCgroup cg;
  // System-wide for 4 s; the two loops start once the tracepoint is attached.
  Process counter({sysray_bin(), "funccount", "--json", "--cgroup", cg.path(), "-d", "4",
                   "t:syscalls:sys_enter_getppid"});
  REQUIRE(counter.wait_until(
      [](const Process& p) { return p.err().find("counting") != std::string::npos; },
      scaled(milliseconds(10000))));
  const std::string loop = workload("getppid_loop");
  auto loops = run_process({"sh", "-c", cg.moved(loop + " 1000") + " & " + loop + " 500; wait"},
                           scaled(milliseconds(10000)));
  CHECK(loops.exit_code == 0);
  auto r = counter.wait(scaled(milliseconds(20000)));
  INFO(r.describe());
  CHECK(r.exit_code == 0);
  std::string error;
  auto objects = parse_json_lines(r.out, &error);
  REQUIRE(error == "");
  REQUIRE(objects.size() == 1);
  REQUIRE(objects[0]["functions"].size() == 1);
  CHECK(objects[0]["functions"][0]["count"] == 1000);
}

TEST_CASE("--cgroup: a path that is not a cgroup v2 directory is one line", "[cgroup][errors]") {
  auto missing = run_sysray({"trace", "--cgroup", "/nonexistent-cgroup", "--", "true"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "sysray: --cgroup /nonexistent-cgroup: No such file or directory (2)\n");
  auto file = run_sysray({"sockets", "--cgroup", "/proc/self/status", "--", "true"});
  CHECK(file.exit_code == 2);
  CHECK(file.err == "sysray: --cgroup /proc/self/status: Not a directory (20)\n");
  auto v1 = run_sysray({"count", "--cgroup", "/proc", "--", "true"});
  CHECK(v1.exit_code == 2);
  CHECK(v1.err == "sysray: --cgroup /proc: not a cgroup v2 directory (cgroup2 is often mounted at "
                  "/sys/fs/cgroup or /sys/fs/cgroup/unified)\n");
}

TEST_CASE("--cgroup: exporter counts only the processes in the cgroup", "[cgroup][exporter]") {
  TestCgroup cg;
  Exporter exporter({"--cgroup", cg.path(), "-e", "getppid"});
  REQUIRE(exporter.wait_healthy());
  // 1000 calls inside the cgroup, 500 outside, both by a comm "getppid_loop".
  const std::string loop = workload("getppid_loop");
  auto r = run_process({"sh", "-c", cg.moved(loop + " 1000") + " & " + loop + " 500; wait"});
  REQUIRE(r.exit_code == 0);
  auto scrape = exporter.scrape();
  REQUIRE(scrape.ok);
  INFO(scrape.body);
  CHECK(scrape.body.find("sysray_syscalls_total{comm=\"getppid_loop\",syscall=\"getppid\"} 1000\n") !=
        std::string::npos);
  CHECK(scrape.body.find("sysray_syscall_duration_seconds_count{syscall=\"getppid\"} 1000\n") !=
        std::string::npos);
  auto end = exporter.terminate();
  INFO(end.describe());
  CHECK(end.exit_code == 0);
  CHECK(end.err == "");
}
