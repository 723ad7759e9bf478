// common_calls: the calls most programs make at start-up and around their descriptors, with
// known arguments, for the decoding tests (tests/runtime/test_decoding.cpp) and strace
// comparisons. Syscalls, in order (descriptors as a fresh process gets them):
//   pipe2([3, 4], O_CLOEXEC)
//   socketpair(AF_UNIX, SOCK_STREAM, 0, [5, 6])
//   fcntl(3, F_GETFL) = 0 (flags O_RDONLY)
//   fcntl(3, F_SETFL, O_RDONLY|O_NONBLOCK)
//   fcntl(3, F_SETFD, FD_CLOEXEC)
//   fcntl(3, F_DUPFD_CLOEXEC, 10) = the lowest free descriptor from 10
//   lseek(5, 0, SEEK_CUR) = -1 ESPIPE
//   dup3(3, 20, O_CLOEXEC) = 20
//   shutdown(5, SHUT_WR)
//   umask(022)
//   prlimit64(0, RLIMIT_NOFILE, NULL, {...})
//   rt_sigaction(SIGUSR1, {sa_handler=SIG_IGN, sa_mask=[TERM], sa_flags=SA_RESTORER|SA_RESTART, ...}, NULL, 8)
//   rt_sigprocmask(SIG_BLOCK, [INT TERM], [], 8)
//   kill(getpid(), 0)
//   getrandom(BUF, 8, GRND_NONBLOCK) = 8
//   newfstatat(3, "", {st_mode=S_IFIFO|0600, st_size=0, ...}, AT_EMPTY_PATH)
//   newfstatat(AT_FDCWD, "/", {st_mode=S_IFDIR|0755, ...}, 0)
//   eventfd2(0, EFD_CLOEXEC), epoll_create1(EPOLL_CLOEXEC)
//   epoll_ctl(EP, EPOLL_CTL_ADD, EFD, {events=EPOLLIN, data={u32=7, u64=4294967303}})
//   write(EFD, "\1\0\0\0\0\0\0\0", 8), epoll_wait(EP, [{events=EPOLLIN, data=...}], 4, 1000) = 1
//   epoll_ctl(EP, EPOLL_CTL_DEL, EFD, NULL)
//   ioctl(3, FIOCLEX) = 0
//   ioctl(3, TCGETS, 0x7ff...) = -1 ENOTTY (a pipe is not a terminal)
//   statx(AT_FDCWD, "/", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_MODE|STATX_SIZE, {...})
//   clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000000}, NULL) = 0
//   futex(0x7ff..., FUTEX_WAIT_PRIVATE, 0, {tv_sec=0, tv_nsec=2000000}) = -1 EAGAIN (the word is 1)
// Exit 0 when every call succeeded as expected.
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "workload.h"

int main() {
  int p[2], sv[2];
  workload::check(pipe2(p, O_CLOEXEC) == 0, "pipe2");
  workload::check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
  int fl = fcntl(p[0], F_GETFL);
  workload::check(fl >= 0, "fcntl F_GETFL");
  workload::check(fcntl(p[0], F_SETFL, fl | O_NONBLOCK) == 0, "fcntl F_SETFL");
  workload::check(fcntl(p[0], F_SETFD, FD_CLOEXEC) == 0, "fcntl F_SETFD");
  workload::check(fcntl(p[0], F_DUPFD_CLOEXEC, 10) >= 10, "fcntl F_DUPFD_CLOEXEC");
  workload::check(lseek(sv[0], 0, SEEK_CUR) == -1 && errno == ESPIPE, "lseek");
  workload::check(dup3(p[0], 20, O_CLOEXEC) == 20, "dup3");
  workload::check(shutdown(sv[0], SHUT_WR) == 0, "shutdown");
  umask(022);
  rlimit64 old{};
  // glibc's getrlimit is prlimit64(0, ..., NULL, &old)
  workload::check(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, nullptr, &old) == 0, "prlimit64");

  struct sigaction sa {};
  sa.sa_handler = SIG_IGN;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGTERM);
  sa.sa_flags = SA_RESTART;
  workload::check(sigaction(SIGUSR1, &sa, nullptr) == 0, "sigaction");
  sigset_t set, old_set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  workload::check(sigprocmask(SIG_BLOCK, &set, &old_set) == 0, "sigprocmask");
  workload::check(kill(getpid(), 0) == 0, "kill");

  char rnd[8];
  workload::check(getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) == sizeof(rnd), "getrandom");
  struct stat st;
  workload::check(fstatat(p[0], "", &st, AT_EMPTY_PATH) == 0, "fstatat pipe");
  workload::check(fstatat(AT_FDCWD, "/", &st, 0) == 0, "fstatat /");
  int efd = eventfd(0, EFD_CLOEXEC);
  workload::check(efd >= 0, "eventfd");
  int ep = epoll_create1(EPOLL_CLOEXEC);
  workload::check(ep >= 0, "epoll_create1");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = 0x100000007;  // u32 and u64 differ
  workload::check(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0, "epoll_ctl ADD");
  uint64_t one = 1;
  workload::check(write(efd, &one, sizeof(one)) == sizeof(one), "eventfd write");
  epoll_event ready[4];
  workload::check(epoll_wait(ep, ready, 4, 1000) == 1, "epoll_wait");
  workload::check(epoll_ctl(ep, EPOLL_CTL_DEL, efd, nullptr) == 0, "epoll_ctl DEL");
  workload::check(ioctl(p[0], FIOCLEX) == 0, "ioctl FIOCLEX");
  termios tio;
  workload::check(ioctl(p[0], TCGETS, &tio) == -1 && errno == ENOTTY, "ioctl TCGETS");
  struct statx stx;
  workload::check(statx(AT_FDCWD, "/", AT_SYMLINK_NOFOLLOW, STATX_MODE | STATX_SIZE, &stx) == 0, "statx");
  timespec ms{0, 1'000'000};
  workload::check(clock_nanosleep(CLOCK_MONOTONIC, 0, &ms, nullptr) == 0, "clock_nanosleep");
  uint32_t word = 1;
  timespec timeout{0, 2'000'000};
  workload::check(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &timeout) == -1 && errno == EAGAIN,
                  "futex");
  return 0;
}
