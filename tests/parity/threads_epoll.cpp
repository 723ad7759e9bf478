// The threads-and-epoll entry of the strace-parity corpus (tests/parity/corpus.sh): a main thread
// that waits in epoll_wait on an eventfd, a pipe, a socketpair and a timerfd while three worker
// threads (std::thread: clone3, futex, set_robust_list, rseq) write to them and meet on a
// mutex/condition variable. It ends once each of the four sources was read once (how many
// epoll_wait calls that takes varies from run to run; each run is compared with itself).
// Built by scripts/parity.sh: g++ -O2 -pthread. Usage: threads_epoll
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::perror(what);
    std::exit(1);
  }
}

std::mutex mu;
std::condition_variable cv;
int ready = 0;

// Each worker reports in under the mutex, waits until all three have, then writes its fd.
void worker(int n, int fd) {
  {
    std::unique_lock<std::mutex> lock(mu);
    ++ready;
    cv.notify_all();
    cv.wait(lock, [] { return ready == 3; });
  }
  if (n == 0) {
    uint64_t one = 1;
    check(write(fd, &one, sizeof one) == sizeof one, "write eventfd");
  } else {
    char msg[16];
    int len = std::snprintf(msg, sizeof msg, "worker %d\n", n);
    check(write(fd, msg, len) == len, "write");
  }
}

}  // namespace

int main() {
  int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  check(efd >= 0, "eventfd");
  int pipefd[2];
  check(pipe2(pipefd, O_CLOEXEC) == 0, "pipe2");
  int sv[2];
  check(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0, "socketpair");
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  check(tfd >= 0, "timerfd_create");
  itimerspec its{};
  its.it_value.tv_nsec = 20 * 1000 * 1000;  // 20 ms, once
  check(timerfd_settime(tfd, 0, &its, nullptr) == 0, "timerfd_settime");

  int ep = epoll_create1(EPOLL_CLOEXEC);
  check(ep >= 0, "epoll_create1");
  for (int fd : {efd, pipefd[0], sv[1], tfd}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    check(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0, "epoll_ctl");
  }

  std::vector<std::thread> threads;
  threads.emplace_back(worker, 0, efd);
  threads.emplace_back(worker, 1, pipefd[1]);
  threads.emplace_back(worker, 2, sv[0]);

  // Four sources, each ready once: drain them as they come.
  int seen = 0;
  while (seen < 4) {
    epoll_event evs[4];
    int n = epoll_wait(ep, evs, 4, 2000);
    check(n > 0, "epoll_wait");
    for (int i = 0; i < n; ++i) {
      int fd = evs[i].data.fd;
      char buf[64];
      check(read(fd, buf, sizeof buf) > 0, "read");
      check(epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr) == 0, "epoll_ctl del");
      ++seen;
    }
  }
  for (auto& t : threads) t.join();
  for (int fd : {ep, tfd, sv[0], sv[1], pipefd[0], pipefd[1], efd}) close(fd);
  std::puts("threads_epoll: 4 sources drained");
  return 0;
}
