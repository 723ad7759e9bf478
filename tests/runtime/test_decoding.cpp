// strace's decoding of the calls every program makes, on a real trace: glibc's start-up
// (arch_prctl, prlimit64, newfstatat) and tests/workloads/common_calls (pipes, fcntl, signals,
// limits, stat). Exact text where the values are known; descriptors, addresses and sizes that
// depend on the machine are matched by pattern and then used exactly.
#include <catch2/catch.hpp>
#include <sched.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include <regex>

#include "runtime_support.h"

using namespace sysray::test;

namespace {

// The body of tid's only line matching `re`, with its groups; fails the test otherwise.
std::smatch only_match(const Trace& t, pid_t tid, const std::string& re, std::vector<std::string>& storage) {
  std::vector<std::string> hits;
  for (const auto& body : t.bodies(tid))
    if (std::regex_match(body, std::regex(re))) hits.push_back(body);
  INFO("pattern: " << re);
  REQUIRE(hits.size() == 1);
  storage.push_back(hits[0]);
  std::smatch m;
  std::regex_match(storage.back(), m, std::regex(re));
  return m;
}

}  // namespace

TEST_CASE("common calls decoded as strace decodes them", "[decoding]") {
  Trace t = clean_trace(run_sysray({"trace", "--", workload("common_calls")}));
  INFO(t.dump());
  pid_t tid = t.first_tid();
  std::vector<std::string> keep;  // the matched strings the smatch objects point into

  // glibc's start-up.
  only_match(t, tid, R"(arch_prctl\(ARCH_SET_FS, 0x[0-9a-f]+\) = 0)", keep);
  only_match(t, tid,
             R"(prlimit64\(0, RLIMIT_STACK, NULL, \{rlim_cur=([0-9]+(\*1024)?|RLIM64_INFINITY), )"
             R"(rlim_max=([0-9]+(\*1024)?|RLIM64_INFINITY)\}\) = 0)",
             keep);
  CHECK(matching(t, std::regex(R"(newfstatat\(3, "", \{st_mode=S_IFREG\|0[0-7]{3}, st_size=[0-9]+, \.\.\.\}, )"
                               R"(AT_EMPTY_PATH\) = 0)")).size() >= 1);

  // The workload's own calls; the descriptors are the lowest free ones.
  auto pipe = only_match(t, tid, R"(pipe2\(\[([0-9]+), ([0-9]+)\], O_CLOEXEC\) = 0)", keep);
  auto pair = only_match(t, tid, R"(socketpair\(AF_UNIX, SOCK_STREAM, 0, \[([0-9]+), ([0-9]+)\]\) = 0)", keep);
  std::string r = pipe[1], s = pair[1];
  auto dupfd = only_match(t, tid, "fcntl\\(" + r + R"(, F_DUPFD_CLOEXEC, 10\) = ([0-9]+))", keep);
  only_match(t, tid, R"(rt_sigaction\(SIGUSR1, \{sa_handler=SIG_IGN, sa_mask=\[TERM\], )"
                     R"(sa_flags=SA_RESTORER\|SA_RESTART, sa_restorer=0x[0-9a-f]+\}, NULL, 8\) = 0)", keep);
  only_match(t, tid, R"(getrandom\("(\\x[0-9a-f]{2}){8}", 8, GRND_NONBLOCK\) = 8)", keep);
  only_match(t, tid, "newfstatat\\(" + r + R"(, (""|0x[0-9a-f]+), \{st_mode=S_IFIFO\|0600, st_size=0, \.\.\.\}, )"
                     R"(AT_EMPTY_PATH\) = 0)", keep);
  // "/" may carry S_ISVTX (a tmpfs root in the QEMU guests: S_IFDIR|S_ISVTX|0777).
  only_match(t, tid, R"(newfstatat\(AT_FDCWD, "/", \{st_mode=S_IFDIR(\|S_IS[UGV][IT][DX])*\|0[0-7]{3}, st_size=[0-9]+, \.\.\.\}, 0\) = 0)",
             keep);
  std::string pid = std::to_string(tid);
  CHECK(missing_in_order(t, tid,
                         {"fcntl(" + r + ", F_GETFL) = 0 (flags O_RDONLY)",
                          "fcntl(" + r + ", F_SETFL, O_RDONLY|O_NONBLOCK) = 0",
                          "fcntl(" + r + ", F_SETFD, FD_CLOEXEC) = 0",
                          "fcntl(" + r + ", F_DUPFD_CLOEXEC, 10) = " + std::string(dupfd[1]),
                          "lseek(" + s + ", 0, SEEK_CUR) = -1 ESPIPE (Illegal seek)",
                          "dup3(" + r + ", 20, O_CLOEXEC) = 20",
                          "shutdown(" + s + ", SHUT_WR) = 0",
                          "umask(022) = 022",
                          "rt_sigprocmask(SIG_BLOCK, [INT TERM], [], 8) = 0",
                          "kill(" + pid + ", 0) = 0",
                          "ioctl(" + r + ", FIOCLEX) = 0",
                          "clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000000}, NULL) = 0",
                          "exit_group(0) = ?"}) == "");
  only_match(t, tid, R"(statx\(AT_FDCWD, "/", AT_STATX_SYNC_AS_STAT\|AT_SYMLINK_NOFOLLOW, STATX_MODE\|STATX_SIZE, )"
                     R"(\{stx_mask=[A-Z_|]+, stx_attributes=([A-Z_|]+|0), stx_mode=S_IFDIR(\|S_IS[UGV][IT][DX])*\|0[0-7]{3}, )"
                     R"(stx_size=[0-9]+, \.\.\.\}\) = 0)", keep);
  only_match(t, tid, R"(futex\(0x[0-9a-f]+, FUTEX_WAIT_PRIVATE, 0, \{tv_sec=0, tv_nsec=2000000\}\) = -1 EAGAIN )"
                     R"(\(Resource temporarily unavailable\))", keep);
  only_match(t, tid, "ioctl\\(" + r + R"(, TCGETS, 0x[0-9a-f]+\) = -1 ENOTTY \(Inappropriate ioctl for device\))", keep);
  auto add = only_match(t, tid, R"(epoll_ctl\((\d+), EPOLL_CTL_ADD, (\d+), \{events=EPOLLIN, data=\{u32=7, u64=4294967303\}\}\) = 0)", keep);
  const std::string ep = add[1], efd = add[2];
  only_match(t, tid, "epoll_wait\\(" + ep + R"(, \[\{events=EPOLLIN, data=\{u32=7, u64=4294967303\}\}\], 4, 1000\) = 1)", keep);
  only_match(t, tid, "epoll_ctl\\(" + ep + ", EPOLL_CTL_DEL, " + efd + ", NULL\\) = 0", keep);
}

TEST_CASE("system and thread structs, splice flags and timerfds decoded as strace decodes them",
          "[decoding]") {
  Trace t = clean_trace(run_sysray({"trace", "--", workload("system_calls")}));
  INFO(t.dump());
  pid_t tid = t.first_tid();
  std::vector<std::string> keep;
  utsname u;
  REQUIRE(uname(&u) == 0);
  const std::string cwd = std::filesystem::current_path();  // the workload's too
  CHECK(missing_in_order(
            t, tid,
            {"sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0",
             fmt::format(R"(uname({{sysname="Linux", nodename="{}", ...}}) = 0)", u.nodename),
             fmt::format(R"(getcwd("{}", 1024) = {})", cwd, cwd.size() + 1),
             "splice(3, NULL, 6, NULL, 1, SPLICE_F_NONBLOCK|SPLICE_F_MORE) = 1",
             "tee(5, 4, 1, SPLICE_F_NONBLOCK) = 1",
             "timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 7",
             "timerfd_settime(7, 0, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=30, tv_nsec=5000}}, "
             "{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=0}}) = 0"}) == "");
  only_match(t, tid, R"(sigaltstack\(\{ss_sp=0x[0-9a-f]+, ss_flags=0, ss_size=65536\}, )"
                     R"(\{ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0\}\) = 0)", keep);
  only_match(t, tid, R"(sysinfo\(\{uptime=\d+, loads=\[\d+, \d+, \d+\], totalram=\d+, freeram=\d+, )"
                     R"(sharedram=\d+, bufferram=\d+, totalswap=\d+, freeswap=\d+, procs=\d+, totalhigh=0, )"
                     R"(freehigh=0, mem_unit=1\}\) = 0)", keep);
  // This process's own CPUs, as the kernel lists them.
  cpu_set_t mine;
  REQUIRE(sched_getaffinity(0, sizeof(mine), &mine) == 0);
  std::string cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &mine)) cpus += (cpus.empty() ? "" : " ") + std::to_string(c);
  only_match(t, tid, R"(sched_getaffinity\(0, 128, \[)" + cpus + R"(\]\) = \d+)", keep);
  rlimit rl;
  REQUIRE(getrlimit(RLIMIT_NOFILE, &rl) == 0);
  only_match(t, tid, R"(getrlimit\(RLIMIT_NOFILE, \{rlim_cur=\d+(\*1024)?, rlim_max=\d+(\*1024)?\}\) = 0)", keep);
  only_match(t, tid, R"(timerfd_gettime\(7, \{it_interval=\{tv_sec=0, tv_nsec=0\}, )"
                     R"(it_value=\{tv_sec=(29|30), tv_nsec=\d+\}\}\) = 0)", keep);
  only_match(t, tid, R"(statfs\("/proc", \{f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, )"
                     R"(f_bavail=0, f_files=0, f_ffree=0, f_fsid=\{val=\[(0x[0-9a-f]+|0), (0x[0-9a-f]+|0)\]\}, )"
                     R"(f_namelen=255, f_frsize=4096, f_flags=ST_VALID(\|ST_[A-Z]+)*\}\) = 0)", keep);
  // The date strace adds, in local time as the test sees it (sysray runs with the same TZ).
  time_t when = 1796473324;
  tm local;
  REQUIRE(localtime_r(&when, &local));
  char date[64];
  REQUIRE(strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S.162454772%z", &local) > 0);
  only_match(t, tid, regex_escape(fmt::format("utimensat(7, NULL, [{{tv_sec=1796473324, tv_nsec=162454772}} "
                                              "/* {} */, UTIME_NOW], 0) = ", date)) + ".*", keep);
}

TEST_CASE("common calls in JSON: descriptor pairs, limits, signal sets", "[decoding]") {
  auto events = clean_json(run_sysray({"trace", "--json", "--", workload("common_calls")}));
  auto pipes = select(events, "syscall", "pipe2");
  REQUIRE(pipes.size() == 1);
  REQUIRE(pipes[0]["args"][0].is_array());
  CHECK(pipes[0]["args"][0].size() == 2);
  CHECK(pipes[0]["args"][1] == "O_CLOEXEC");
  auto masks = select(events, "syscall", "rt_sigprocmask");
  std::vector<json> ours;
  for (const auto& e : masks)
    if (e["args"][0] == "SIG_BLOCK") ours.push_back(e);
  REQUIRE(ours.size() == 1);
  CHECK(ours[0]["args"] == json::array({"SIG_BLOCK", {"SIGINT", "SIGTERM"}, json::array(), 8}));
  for (const auto& e : select(events, "syscall", "prlimit64")) {
    if (e["args"][1] != "RLIMIT_NOFILE") continue;
    CHECK(e["args"][3]["rlim_cur"].is_number());
  }
}
