// capture_writer MODE ...: writes known bytes to fd 2, which it first points at /dev/null (the
// stderr nobody can read that `sysray capture --fd 2` recovers).
//   once BYTES     capture_stream's first BYTES bytes, in its plan's uneven write/writev calls
//   loop           prints its pid, then the same stream without end, one write per millisecond;
//                  before each write its offset on stdout ("@OFFSET\n"), so that a test can see
//                  where a capture that started late must begin
//   threads COUNT  two threads, each COUNT writes "T:SEQ:LEN|" + LEN bytes of 'a'+T (LEN up to
//                  64 KiB) at the same time: a capture must keep each whole
#include <fcntl.h>
#include <pthread.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "capture_stream.h"
#include "workload.h"

namespace {

void say(const std::string& line) {
  workload::check(write(1, line.data(), line.size()) == ssize_t(line.size()), "write stdout");
}

// One planned write of `data` to fd 2: write(2), or writev(2) over uneven pieces.
void write_planned(const std::string& data, int pieces) {
  if (pieces == 1) {
    workload::check(write(2, data.data(), data.size()) == ssize_t(data.size()), "write");
    return;
  }
  std::vector<iovec> iov;
  size_t at = 0;
  for (int k = 0; k < pieces; ++k) {
    size_t len = k + 1 == pieces ? data.size() - at : (data.size() - at) / 3;
    if (k == 1 && k + 1 < pieces) len = 0;  // an empty iovec: the capture must step over it
    iov.push_back({const_cast<char*>(data.data()) + at, len});
    at += len;
  }
  ssize_t n = writev(2, iov.data(), int(iov.size()));
  workload::check(n == ssize_t(data.size()), "writev");
}

void write_stream(uint64_t limit, bool announce) {
  capture_stream::Plan plan;
  timespec ms{0, 1000000};
  for (uint64_t offset = 0; offset < limit;) {
    capture_stream::Plan::Write w = plan.next();
    size_t size = std::min<uint64_t>(w.size, limit - offset);
    std::string data = capture_stream::bytes(offset, size);
    if (announce) {
      say("@" + std::to_string(offset) + "\n");
      nanosleep(&ms, nullptr);
    }
    write_planned(data, w.pieces);
    offset += size;
  }
}

long g_count = 0;

void* thread_writes(void* arg) {
  long t = reinterpret_cast<long>(arg);
  for (long seq = 0; seq < g_count; ++seq) {
    size_t len = 1 + capture_stream::splitmix64(t * 1000003 + seq) % 65536;
    std::string rec = std::to_string(t) + ":" + std::to_string(seq) + ":" + std::to_string(len) + "|";
    rec.append(len, char('a' + t));
    workload::check(write(2, rec.data(), rec.size()) == ssize_t(rec.size()), "write");
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = workload::arg_str(argc, argv, 1, "once");
  int null = open("/dev/null", O_WRONLY);
  workload::check(null >= 0 && dup2(null, 2) == 2, "/dev/null on fd 2");
  close(null);
  if (mode == "once") {
    write_stream(workload::arg_long(argc, argv, 2, 1 << 20), false);
  } else if (mode == "loop") {
    say(std::to_string(getpid()) + "\n");
    write_stream(UINT64_MAX, true);
  } else if (mode == "threads") {
    g_count = workload::arg_long(argc, argv, 2, 200);
    pthread_t threads[2];
    for (long t = 0; t < 2; ++t)
      workload::check(pthread_create(&threads[t], nullptr, thread_writes, reinterpret_cast<void*>(t)) == 0,
                      "pthread_create");
    for (pthread_t th : threads) pthread_join(th, nullptr);
  } else {
    const char* msg = "capture_writer: MODE is once, loop or threads\n";
    workload::check(write(1, msg, strlen(msg)) > 0, "write");
    return 2;
  }
  return 0;
}
