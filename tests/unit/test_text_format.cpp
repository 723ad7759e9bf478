#include <catch2/catch.hpp>
#include <fcntl.h>
#include <linux/sched.h>

#include <stdlib.h>
#include <time.h>

#include "format/clock_format.h"
#include "format/text_format.h"
#include "syscall_fixtures.h"

using namespace sysray;
using namespace sysray::test;

namespace {

// 12:00:01.123456789 UTC on 1970-01-01, when an event's ts_ns (5 s) is shifted by it.
constexpr int64_t kOffset = 43'201'123'456'789 - 5'000'000'000;

void use_utc() {
  setenv("TZ", "UTC", 1);
  tzset();
}

std::string line(const SyscallEvent& ev, const TextOptions& opts = {}) {
  fmt::memory_buffer buf;
  append_syscall_line(buf, ev, decode_event(ev), decoder().name(ev.nr), opts);
  return fmt::to_string(buf);
}

SyscallEvent failed_bind() {
  auto ev = call(SYS_bind, {3, kStack, 16}, -98);
  capture(ev, 0, SR_READ_BYTES, sockaddr_in_bytes("127.0.0.1", 3001), 16);
  return ev;
}

const char* const kBindArgs =
    "3, {sa_family=AF_INET, sin_port=htons(3001), sin_addr=inet_addr(\"127.0.0.1\")}, 16";

}  // namespace

TEST_CASE("a failed call with -T", "[text]") {
  TextOptions opts;
  opts.durations = true;
  CHECK(line(failed_bind(), opts) ==
        fmt::format("[pid  4242] bind({}) = -1 EADDRINUSE (Address already in use) <0.000011>\n",
                    kBindArgs));
}

TEST_CASE("-t and -tt put the local time after the pid", "[text]") {
  use_utc();
  TextOptions opts;
  opts.realtime_offset_ns = kOffset;
  opts.timestamps = 2;
  CHECK(line(failed_bind(), opts) ==
        fmt::format("[pid  4242] 12:00:01.123456 bind({}) = -1 EADDRINUSE (Address already in "
                    "use)\n",
                    kBindArgs));
  opts.timestamps = 1;
  CHECK(line(failed_bind(), opts) ==
        fmt::format("[pid  4242] 12:00:01 bind({}) = -1 EADDRINUSE (Address already in use)\n",
                    kBindArgs));
}

TEST_CASE("time of day: cached per second, still right across seconds", "[text]") {
  use_utc();
  fmt::memory_buffer buf;
  append_time_of_day(buf, 86'399'999'999'999, true);
  buf.push_back(' ');
  append_time_of_day(buf, 86'400'000'000'000, true);
  buf.push_back(' ');
  append_time_of_day(buf, 86'400'000'001'000, false);
  CHECK(fmt::to_string(buf) == "23:59:59.999999 00:00:00.000000 00:00:00");
}

TEST_CASE("the pid column is five wide and grows", "[text]") {
  auto ev = call(SYS_getppid, {}, 1);
  ev.tid = 7;
  CHECK(line(ev) == "[pid     7] getppid() = 1\n");
  ev.tid = 1234567;
  CHECK(line(ev) == "[pid 1234567] getppid() = 1\n");
}

TEST_CASE("return values", "[text]") {
  auto mmap = call(SYS_mmap, {0, 4096, 3, 0x22, static_cast<uint64_t>(-1), 0}, 0x7f1234560000);
  CHECK(line(mmap) ==
        "[pid  4242] mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
        "0x7f1234560000\n");

  auto brk = call(SYS_brk, {0}, 0x5555a000);
  CHECK(line(brk) == "[pid  4242] brk(NULL) = 0x5555a000\n");

  // What strace 6.1 printed for the same calls (umask(022); umask(077); fcntl(1, F_GETFL) on a
  // pipe opened O_RDWR; F_GETFD before and after F_SETFD).
  CHECK(line(call(SYS_umask, {022}, 0)) == "[pid  4242] umask(022) = 000\n");
  CHECK(line(call(SYS_umask, {077}, 022)) == "[pid  4242] umask(077) = 022\n");
  CHECK(line(call(SYS_fcntl, {1, F_GETFL}, 0x8002)) ==
        "[pid  4242] fcntl(1, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)\n");
  CHECK(line(call(SYS_fcntl, {0, F_GETFL}, 0)) == "[pid  4242] fcntl(0, F_GETFL) = 0 (flags O_RDONLY)\n");
  CHECK(line(call(SYS_fcntl, {1, F_GETFD}, 0)) == "[pid  4242] fcntl(1, F_GETFD) = 0\n");
  CHECK(line(call(SYS_fcntl, {1, F_GETFD}, 1)) == "[pid  4242] fcntl(1, F_GETFD) = 0x1 (flags FD_CLOEXEC)\n");
  CHECK(line(call(SYS_fcntl, {1, F_DUPFD, 10}, 10)) == "[pid  4242] fcntl(1, F_DUPFD, 10) = 10\n");
  CHECK(line(call(SYS_mremap, {0x7f0000000000, 4096, 8192, 1}, 0x7f0000100000)).find(
            ") = 0x7f0000100000\n") != std::string::npos);
  CHECK(line(call(SYS_lseek, {3, 100, SEEK_SET}, 100)) == "[pid  4242] lseek(3, 100, SEEK_SET) = 100\n");
  CHECK(line(call(SYS_fcntl, {1, F_GETFL}, -9)) == "[pid  4242] fcntl(1, F_GETFL) = -1 EBADF (Bad file descriptor)\n");

  auto enoent = call(SYS_openat, {kAtFdcwd, kStack, 0, 0}, -2);
  capture_path(enoent, 0, "/nonexistent");
  CHECK(line(enoent) ==
        "[pid  4242] openat(AT_FDCWD, \"/nonexistent\", O_RDONLY) = -1 ENOENT (No such file or "
        "directory)\n");

  auto unknown_errno = call(SYS_getppid, {}, -4000);
  CHECK(line(unknown_errno) == "[pid  4242] getppid() = -1 4000 (Unknown error 4000)\n");

  auto restart = call(SYS_read, {3, kStack, 10}, -512);
  CHECK(line(restart) ==
        "[pid  4242] read(3, 0x7ffc1000, 10) = ? ERESTARTSYS (To be restarted if SA_RESTART is "
        "set)\n");

  auto exit = call(SYS_exit_group, {0});
  exit.flags = SR_F_NO_RETURN;
  TextOptions t;
  t.durations = true;
  CHECK(line(exit, t) == "[pid  4242] exit_group(0) = ?\n");
}

TEST_CASE("a syscall the table does not know", "[text]") {
  auto ev = call(335, {1, 2, 3, 4, 5, 6}, 0);
  CHECK(line(ev) == "[pid  4242] syscall_335(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = 0\n");
}

TEST_CASE("unfinished and resumed: output arguments come after resumed", "[text]") {
  use_utc();
  auto enter = call(SYS_read, {3, kStack, 4096});
  enter.type = SR_REC_SYSCALL_ENTER;
  enter.dur_ns = 0;
  TextOptions opts;
  opts.timestamps = 2;
  opts.durations = true;
  opts.realtime_offset_ns = kOffset;
  CHECK(unfinished(enter, opts) == "[pid  4242] 12:00:01.123456 read(3,  <unfinished ...>\n");

  auto done = call(SYS_read, {3, kStack, 4096}, 5);
  done.dur_ns = 100'000;
  capture(done, 0, SR_READ_BYTES, "hello", 5);
  CHECK(resumed(done, opts) ==
        "[pid  4242] 12:00:01.123556 <... read resumed>\"hello\", 4096) = 5 <0.000100>\n");
}

TEST_CASE("unfinished and resumed: a call with only input arguments", "[text]") {
  auto enter = failed_bind();
  enter.type = SR_REC_SYSCALL_ENTER;
  CHECK(unfinished(enter) == fmt::format("[pid  4242] bind({} <unfinished ...>\n", kBindArgs));
  auto done = failed_bind();
  done.ret = 0;
  CHECK(resumed(done) == "[pid  4242] <... bind resumed>) = 0\n");

  auto ppid = call(SYS_getppid, {});
  CHECK(unfinished(ppid) == "[pid  4242] getppid( <unfinished ...>\n");
}

TEST_CASE("clone3 split as strace splits it: the struct, then what the kernel stored and the size",
          "[text]") {
  uint64_t ca[11] = {};
  ca[0] = CLONE_VM | CLONE_PARENT_SETTID;
  ca[3] = 0x7f6830fe9990;  // parent_tid
  std::string bytes(reinterpret_cast<const char*>(ca), 88);
  auto enter = call(SYS_clone3, {kStack, 88});
  enter.type = SR_REC_SYSCALL_ENTER;
  capture(enter, 0, SR_READ_BYTES, bytes, 88);
  const std::string ca_text = "{flags=CLONE_VM|CLONE_PARENT_SETTID, parent_tid=0x7f6830fe9990, exit_signal=0, "
                              "stack=NULL, stack_size=0}";
  CHECK(unfinished(enter) == "[pid  4242] clone3(" + ca_text + " <unfinished ...>\n");

  auto done = call(SYS_clone3, {kStack, 88}, 4300);
  capture(done, 0, SR_READ_BYTES, bytes, 88);
  capture(done, 1, SR_READ_BYTES, int_bytes(4300), 4);
  CHECK(resumed(done) == "[pid  4242] <... clone3 resumed> => {parent_tid=[4300]}, 88) = 4300\n");
  CHECK(line(done) == "[pid  4242] clone3(" + ca_text + " => {parent_tid=[4300]}, 88) = 4300\n");

  SECTION("nothing stored (no CLONE_PARENT_SETTID): the size after the separator") {
    ca[0] = CLONE_VM;
    capture(done, 0, SR_READ_BYTES, std::string(reinterpret_cast<const char*>(ca), 88), 88);
    CHECK(resumed(done) == "[pid  4242] <... clone3 resumed>, 88) = 4300\n");
  }
}

TEST_CASE("unfinished accept4 stops before the address", "[text]") {
  auto enter = call(SYS_accept4, {3, kStack, kStack + 64, 0x80000});
  enter.type = SR_REC_SYSCALL_ENTER;
  CHECK(unfinished(enter) == "[pid  4242] accept4(3,  <unfinished ...>\n");

  auto done = call(SYS_accept4, {3, kStack, kStack + 64, 0x80000}, 4);
  capture(done, 0, SR_READ_BYTES, int_bytes(128), 4);  // read at enter
  capture(done, 1, SR_READ_BYTES, sockaddr_in_bytes("10.0.0.2", 5), 16);
  CHECK(resumed(done) ==
        "[pid  4242] <... accept4 resumed>{sa_family=AF_INET, sin_port=htons(5), "
        "sin_addr=inet_addr(\"10.0.0.2\")}, [128 => 16], SOCK_CLOEXEC) = 4\n");
}

TEST_CASE("lines append to what the buffer holds", "[text]") {
  fmt::memory_buffer buf;
  auto ev = call(SYS_getppid, {}, 1);
  auto args = decode_event(ev);
  append_syscall_line(buf, ev, args, "getppid", {});
  append_syscall_line(buf, ev, args, "getppid", {});
  CHECK(fmt::to_string(buf) == "[pid  4242] getppid() = 1\n[pid  4242] getppid() = 1\n");
}

TEST_CASE("a thread killed inside its call: its outputs and return never came", "[text]") {
  // strace's form: "read(3,  <unfinished ...>) = ?", or "<... read resumed> <unfinished ...>) = ?"
  // after an unfinished line; no duration.
  auto read = call(SYS_read, {3, kStack, 10}, -512);
  read.flags = SR_F_NO_RETURN | SR_F_KILLED;
  TextOptions t;
  t.durations = true;
  CHECK(line(read, t) == "[pid  4242] read(3,  <unfinished ...>) = ?\n");
  CHECK(resumed(read, t) == "[pid  4242] <... read resumed> <unfinished ...>) = ?\n");
  // Nothing left to print at exit: no mark, as strace's
  // "futex(0xc000040548, FUTEX_WAIT_PRIVATE, 0, NULL) = ?".
  auto bind = failed_bind();
  bind.flags = SR_F_NO_RETURN | SR_F_KILLED;
  CHECK(line(bind) == fmt::format("[pid  4242] bind({}) = ?\n", kBindArgs));
  CHECK(resumed(bind) == "[pid  4242] <... bind resumed>) = ?\n");
}

TEST_CASE("uid_t and gid_t -1 print as -1, as strace prints chown's 'leave it unchanged'", "[text]") {
  CHECK(line(call(SYS_fchown, {5, 0xffffffff, 0}, 0)) == "[pid  4242] fchown(5, -1, 0) = 0\n");
  CHECK(line(call(SYS_fchown, {5, 1000, 0xffffffff}, 0)) == "[pid  4242] fchown(5, 1000, -1) = 0\n");
}

TEST_CASE("-a and strace's -o file leader: \"= \" at the column, the pid as strace writes it",
          "[format][text]") {
  SyscallEvent ev = call(SYS_getppid, {}, 4242);
  ev.tid = 77;
  TextOptions file{.leader = LineLeader::FilePid, .align_column = 40};
  // strace -f -o: "%-5u " then the call; ") " then spaces to column 40, then "= ".
  CHECK(line(ev, file) == "77    getppid()                         = 4242\n");
  CHECK(line(ev, file).find("= 4242") == 40);
  TextOptions one{.leader = LineLeader::None, .align_column = 40};
  CHECK(line(ev, one) == "getppid()                               = 4242\n");
  // A line already past the column: " = " right after it, as without -a.
  TextOptions narrow{.leader = LineLeader::None, .align_column = 5};
  CHECK(line(ev, narrow) == "getppid() = 4242\n");
  // Exactly at the column: the space strace prints after ")" is the padding.
  TextOptions exact{.leader = LineLeader::None, .align_column = 10};
  CHECK(line(ev, exact) == "getppid() = 4242\n");
  CHECK(line(ev) == "[pid    77] getppid() = 4242\n");  // stdout's default: no padding
}
