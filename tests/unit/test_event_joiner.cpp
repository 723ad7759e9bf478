#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "trace/event_joiner.h"

using sysray::SyscallEvent;

namespace {

// Records what the joiner asks to print, as "kind:tid:nr:ret".
struct Recorder : sysray::SyscallPrinter {
  std::vector<std::string> lines;
  void complete(const SyscallEvent& ev) override { add("complete", ev); }
  void unfinished(const SyscallEvent& ev) override { add("unfinished", ev); }
  void resumed(const SyscallEvent& ev) override { add("resumed", ev); }
  void notice(const SyscallEvent& ev) override { add("notice", ev); }
  void add(const char* kind, const SyscallEvent& ev) {
    std::string line = std::string(kind) + ":" + std::to_string(ev.tid) + ":" +
                       std::to_string(ev.nr) + ":" + std::to_string(ev.ret);
    if (ev.flags & SR_F_NO_RETURN) line += ":?";
    lines.push_back(line);
  }
};

SyscallEvent event(uint32_t type, uint32_t tid, uint32_t nr, int64_t ret, uint64_t ts,
                   uint32_t flags = 0) {
  SyscallEvent ev;
  ev.type = type;
  ev.tid = tid;
  ev.pid = tid;
  ev.nr = nr;
  ev.ret = ret;
  ev.ts_ns = ts;
  ev.flags = flags;
  return ev;
}

}  // namespace

TEST_CASE("a call that blocked with nothing in between prints as one line", "[joiner]") {
  Recorder r;
  sysray::EventJoiner j(r);
  j.on_event(event(SR_REC_SYSCALL_ENTER, 10, 0, 0, 100));
  j.on_event(event(SR_REC_SYSCALL, 10, 0, 5, 100, SR_F_RESUMED));
  CHECK(r.lines == std::vector<std::string>{"complete:10:0:5"});
  CHECK(j.pending() == 0);
}

TEST_CASE("another thread's event between enter and exit makes it unfinished/resumed",
          "[joiner]") {
  Recorder r;
  sysray::EventJoiner j(r);
  j.on_event(event(SR_REC_SYSCALL_ENTER, 10, 0, 0, 100));
  j.on_event(event(SR_REC_SYSCALL, 11, 1, 5, 150));
  j.on_event(event(SR_REC_SYSCALL, 10, 0, 5, 100, SR_F_RESUMED));
  CHECK(r.lines ==
        std::vector<std::string>{"unfinished:10:0:0", "complete:11:1:5", "resumed:10:0:5"});
}

TEST_CASE("a call blocked longer than the threshold is shown unfinished by tick()",
          "[joiner]") {
  Recorder r;
  sysray::EventJoiner j(r, 1000);
  j.on_event(event(SR_REC_SYSCALL_ENTER, 10, 0, 0, 100));
  j.tick(500);
  CHECK(r.lines.empty());
  j.tick(1200);
  CHECK(r.lines == std::vector<std::string>{"unfinished:10:0:0"});
  j.tick(5000);  // shown once only
  CHECK(r.lines.size() == 1);
}

TEST_CASE("finish() shows calls that never returned", "[joiner]") {
  Recorder r;
  sysray::EventJoiner j(r);
  j.on_event(event(SR_REC_SYSCALL_ENTER, 10, 0, 0, 100));
  j.finish();
  CHECK(r.lines == std::vector<std::string>{"unfinished:10:0:0"});
  CHECK(j.pending() == 0);
}

TEST_CASE("a resumed exit whose enter record was lost still prints", "[joiner]") {
  Recorder r;
  sysray::EventJoiner j(r);
  j.on_event(event(SR_REC_SYSCALL, 10, 0, 5, 100, SR_F_RESUMED));
  CHECK(r.lines == std::vector<std::string>{"complete:10:0:5"});
}

TEST_CASE("a signal or a thread's end prints between calls and makes others' blocked calls "
          "unfinished", "[joiner]") {
  Recorder r;
  sysray::EventJoiner j(r);
  j.on_event(event(SR_REC_SYSCALL_ENTER, 10, 61, 0, 100));      // wait4 blocks
  j.on_event(event(SR_REC_THREAD_EXIT, 11, 0, 3 << 8, 150));   // the child exits
  j.on_event(event(SR_REC_SYSCALL, 10, 61, 11, 100, SR_F_RESUMED));
  j.on_event(event(SR_REC_SIGNAL, 10, 0, 0, 200));             // SIGCHLD
  CHECK(r.lines == std::vector<std::string>{"unfinished:10:61:0", "notice:11:0:768",
                                            "resumed:10:61:11", "notice:10:0:0"});
  CHECK(j.pending() == 0);
}

TEST_CASE("a thread that ends inside a blocked call ends that call with '= ?'", "[joiner]") {
  Recorder r;
  sysray::EventJoiner j(r);
  j.on_event(event(SR_REC_SYSCALL_ENTER, 10, 34, 0, 100));  // pause() blocks
  j.on_event(event(SR_REC_THREAD_EXIT, 10, 0, 9, 150));     // SIGKILL
  CHECK(r.lines == std::vector<std::string>{"complete:10:34:0:?", "notice:10:0:9"});

  // Shown as unfinished before (another thread came between): it resumes with "= ?".
  r.lines.clear();
  j.on_event(event(SR_REC_SYSCALL_ENTER, 10, 34, 0, 200));
  j.on_event(event(SR_REC_SYSCALL, 11, 39, 11, 210));
  j.on_event(event(SR_REC_THREAD_EXIT, 10, 0, 9, 250));
  CHECK(r.lines == std::vector<std::string>{"unfinished:10:34:0", "complete:11:39:11",
                                            "resumed:10:34:0:?", "notice:10:0:9"});
  CHECK(j.pending() == 0);
}
