// system_calls: calls that ask about the system or the thread, and move data between pipes, with
// known arguments, for the decoding tests (tests/runtime/test_decoding.cpp). In order, as strace
// prints them (descriptors as a fresh process gets them: pipes 3/4 and 5/6, the timerfd 7):
//   sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0})
//   sigaltstack({ss_sp=0x..., ss_flags=0, ss_size=65536}, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0})
//   uname({sysname="Linux", nodename="...", ...})
//   sysinfo({uptime=..., loads=[...], ..., mem_unit=1})
//   sched_getaffinity(0, 128, [CPUS]) = 8 or more
//   getcwd("CWD", 1024) = strlen(CWD) + 1
//   getrlimit(RLIMIT_NOFILE, {rlim_cur=..., rlim_max=...})   (the syscall itself: glibc uses prlimit64)
//   splice(3, NULL, 6, NULL, 1, SPLICE_F_NONBLOCK|SPLICE_F_MORE) = 1, tee(5, 4, 1, SPLICE_F_NONBLOCK) = 1
//   timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 7
//   timerfd_settime(7, 0, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=30, tv_nsec=5000}}, {it_interval=..., it_value={tv_sec=0, tv_nsec=0}})
//   timerfd_gettime(7, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=..., tv_nsec=...}})
//   statfs("/proc", {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, ...})
//   utimensat(7, NULL, [{tv_sec=1796473324, tv_nsec=162454772} /* DATE */, UTIME_NOW], 0): on a
//   timerfd, 6.18 answers EOPNOTSUPP and 6.1 succeeds; only the arguments matter here
// Exit 0 when every call succeeded.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/timerfd.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <vector>

#include "workload.h"

int main() {
  std::vector<char> alt(65536);
  stack_t old{}, st{};
  st.ss_sp = alt.data();
  st.ss_size = alt.size();
  workload::check(sigaltstack(nullptr, &old) == 0, "sigaltstack query");
  workload::check(sigaltstack(&st, &old) == 0, "sigaltstack set");
  utsname u;
  workload::check(uname(&u) == 0, "uname");
  struct sysinfo si;
  workload::check(sysinfo(&si) == 0, "sysinfo");
  cpu_set_t cpus;
  workload::check(sched_getaffinity(0, sizeof(cpus), &cpus) == 0, "sched_getaffinity");
  char cwd[1024];
  workload::check(getcwd(cwd, sizeof(cwd)) != nullptr, "getcwd");
  rlimit rl;
  workload::check(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl) == 0, "getrlimit");
  int a[2], b[2];
  workload::check(pipe(a) == 0 && pipe(b) == 0, "pipe");
  workload::check(write(a[1], "x", 1) == 1, "write");
  workload::check(splice(a[0], nullptr, b[1], nullptr, 1, SPLICE_F_NONBLOCK | SPLICE_F_MORE) == 1,
                  "splice");
  workload::check(tee(b[0], a[1], 1, SPLICE_F_NONBLOCK) == 1, "tee");
  int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  workload::check(t >= 0, "timerfd_create");
  itimerspec its{{0, 0}, {30, 5000}}, previous;
  workload::check(timerfd_settime(t, 0, &its, &previous) == 0, "timerfd_settime");
  workload::check(timerfd_gettime(t, &previous) == 0, "timerfd_gettime");
  struct statfs fs;
  workload::check(statfs("/proc", &fs) == 0, "statfs");
  timespec times[2] = {{1796473324, 162454772}, {0, UTIME_NOW}};
  syscall(SYS_utimensat, t, nullptr, times, 0);
  return 0;
}
