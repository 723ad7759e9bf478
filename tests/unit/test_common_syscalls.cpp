// The calls most programs make (pipes, fcntl, limits, signals, stat ...), decoded from records
// filled the way the BPF side fills them; the expected text is strace 6.1's on the same calls
// (tests/workloads/common_calls and a scratch program under strace -f).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstring>

#include "decode/capture_recipe.h"
#include "decode/kernel_structs.h"
#include "syscall_fixtures.h"

using namespace sysray;
using namespace sysray::test;
using sysray::decode::describe;
using Kind = sysray::decode::DecodedArg::Kind;
using Texts = std::vector<std::string>;

namespace {

std::string fd_pair(int32_t a, int32_t b) { return int_bytes(a) + int_bytes(b); }

std::string rlimit_bytes(uint64_t cur, uint64_t max) {
  return object_bytes(decode::Rlimit64{cur, max});
}

uint64_t sigbit(int sig) { return 1ull << (sig - 1); }

std::string stat_bytes(uint32_t mode, int64_t size, dev_t rdev = 0) {
  struct stat st {};
  st.st_mode = mode;
  st.st_size = size;
  st.st_rdev = rdev;
  return object_bytes(st);
}

// The part of a JSON line from "args" on.
std::string json_args(const SyscallEvent& ev) {
  std::string j = json_of(ev);
  return j.substr(j.find("\"args\""));
}

}  // namespace

TEST_CASE("pipe2, pipe, socketpair: the descriptors the call filled in", "[decoder][common]") {
  auto ev = call(SYS_pipe2, {kStack, O_CLOEXEC}, 0);
  capture(ev, 0, SR_READ_BYTES, fd_pair(3, 4), 8);
  CHECK(line_of(ev) == "[pid  4242] pipe2([3, 4], O_CLOEXEC) = 0\n");
  CHECK(json_args(ev) == R"("args":[[3,4],"O_CLOEXEC"],"ret":0,"dur_ns":11000})" "\n");
  CHECK(decode_event(ev)[0].at_exit);

  ev.args[1] = O_NONBLOCK | O_DIRECT | O_CLOEXEC;
  CHECK(texts(decode_event(ev))[1] == "O_NONBLOCK|O_DIRECT|O_CLOEXEC");
  ev.args[1] = 0;
  CHECK(json_args(ev) == R"("args":[[3,4],0],"ret":0,"dur_ns":11000})" "\n");

  SECTION("failed, or not returned yet: the pointer") {
    auto failed = call(SYS_pipe2, {kStack, 0}, -EMFILE);
    CHECK(texts(decode_event(failed)) == Texts{"0x7ffc1000", "0"});
    auto enter = call(SYS_pipe, {kStack}, 0);
    enter.type = SR_REC_SYSCALL_ENTER;
    CHECK(texts(decode_event(enter)) == Texts{"0x7ffc1000"});
  }
  SECTION("pipe and socketpair") {
    auto p = call(SYS_pipe, {kStack}, 0);
    capture(p, 0, SR_READ_BYTES, fd_pair(5, 6), 8);
    CHECK(texts(decode_event(p)) == Texts{"[5, 6]"});
    auto sp = call(SYS_socketpair, {AF_UNIX, SOCK_STREAM, 0, kStack}, 0);
    capture(sp, 0, SR_READ_BYTES, fd_pair(5, 6), 8);
    CHECK(line_of(sp) == "[pid  4242] socketpair(AF_UNIX, SOCK_STREAM, 0, [5, 6]) = 0\n");
  }
}

TEST_CASE("capture plans of the objects read back", "[decoder][common]") {
  auto plan = [](uint32_t nr) { return decoder().semantics(nr).captures; };
  auto pipe2 = plan(SYS_pipe2);
  CHECK(describe(pipe2.cap[0]) == "bytes@arg0 max=8 exit:ok");
  auto sigaction = plan(SYS_rt_sigaction);  // act at enter, oldact at exit
  CHECK(describe(sigaction.cap[0]) == "bytes@arg1 max=32");
  CHECK(describe(sigaction.cap[1]) == "bytes@arg2 max=32 exit:ok");
  auto prlimit = plan(SYS_prlimit64);
  CHECK(describe(prlimit.cap[0]) == "bytes@arg2 max=16");
  CHECK(describe(prlimit.cap[1]) == "bytes@arg3 max=16 exit:ok");
  auto fstatat = plan(SYS_newfstatat);  // the path at enter, the struct at exit
  CHECK(describe(fstatat.cap[0]) == "string@arg1");
  CHECK(describe(fstatat.cap[1]) == "bytes@arg2 max=144 exit:ok");
  CHECK(describe(plan(SYS_statx).cap[1]) == "bytes@arg4 max=48 exit:ok");
  CHECK(describe(plan(SYS_getrandom).cap[0]) == "bytes@arg0 len=ret max=-s exit:positive");
  CHECK(describe(plan(SYS_fcntl).cap[0]) == "");
}

TEST_CASE("enumerations and flag sets of everyday calls", "[decoder][common]") {
  using E = std::pair<SyscallEvent, std::string>;
  const E cases[] = {
      {call(SYS_arch_prctl, {0x1002, 0x7f3b2c1a0740}, 0), "arch_prctl(ARCH_SET_FS, 0x7f3b2c1a0740) = 0"},
      {call(SYS_arch_prctl, {0x3001, kStack}, -EINVAL),
       "arch_prctl(0x3001 /* ARCH_??? */, 0x7ffc1000) = -1 EINVAL (Invalid argument)"},
      {call(SYS_lseek, {3, 0, SEEK_CUR}, 0), "lseek(3, 0, SEEK_CUR) = 0"},
      {call(SYS_lseek, {3, 5, 7}, -EINVAL),
       "lseek(3, 5, 0x7 /* SEEK_??? */) = -1 EINVAL (Invalid argument)"},
      {call(SYS_flock, {3, LOCK_EX | LOCK_NB}, 0), "flock(3, LOCK_EX|LOCK_NB) = 0"},
      {call(SYS_flock, {3, 0}, -EINVAL), "flock(3, 0) = -1 EINVAL (Invalid argument)"},
      {call(SYS_madvise, {0x7f0000, 4096, MADV_DONTNEED}, 0), "madvise(0x7f0000, 4096, MADV_DONTNEED) = 0"},
      {call(SYS_madvise, {0x7f0000, 4096, 99}, -EINVAL),
       "madvise(0x7f0000, 4096, 0x63 /* MADV_??? */) = -1 EINVAL (Invalid argument)"},
      {call(SYS_shutdown, {5, SHUT_WR}, 0), "shutdown(5, SHUT_WR) = 0"},
      {call(SYS_kill, {1234, SIGTERM}, 0), "kill(1234, SIGTERM) = 0"},
      {call(SYS_kill, {1234, 0}, 0), "kill(1234, 0) = 0"},
      {call(SYS_kill, {static_cast<uint64_t>(-1), 77}, -EINVAL), "kill(-1, 77) = -1 EINVAL (Invalid argument)"},
      {call(SYS_tgkill, {6550, 6551, 36}, 0), "tgkill(6550, 6551, SIGRT_4) = 0"},
      {call(SYS_umask, {022}, 022), "umask(022) = 022"},
      {call(SYS_umask, {0}, 022), "umask(000) = 022"},
      {call(SYS_eventfd2, {0, EFD_CLOEXEC}, 7), "eventfd2(0, EFD_CLOEXEC) = 7"},
      {call(SYS_eventfd2, {3, EFD_NONBLOCK | EFD_SEMAPHORE | EFD_CLOEXEC}, 7),
       "eventfd2(3, EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK) = 7"},
      {call(SYS_epoll_create1, {EPOLL_CLOEXEC}, 8), "epoll_create1(EPOLL_CLOEXEC) = 8"},
      {call(SYS_epoll_create1, {0}, 8), "epoll_create1(0) = 8"},
      {call(SYS_dup3, {3, 20, O_CLOEXEC}, 20), "dup3(3, 20, O_CLOEXEC) = 20"},
      {call(SYS_dup3, {0, 30, 0}, 30), "dup3(0, 30, 0) = 30"},
      {call(SYS_mkdir, {kStack, 0755}, 0), "mkdir(0x7ffc1000, 0755) = 0"},
      {call(SYS_unlinkat, {kAtFdcwd, kStack, AT_REMOVEDIR}, 0),
       "unlinkat(AT_FDCWD, 0x7ffc1000, AT_REMOVEDIR) = 0"},
      {call(SYS_prlimit64, {0, 77, 0, kStack}, -EINVAL),
       "prlimit64(0, 0x4d /* RLIMIT_??? */, NULL, 0x7ffc1000) = -1 EINVAL (Invalid argument)"},
      {call(SYS_getrandom, {kStack, 4, GRND_RANDOM | GRND_INSECURE | 8}, -EINVAL),
       "getrandom(0x7ffc1000, 4, GRND_RANDOM|GRND_INSECURE|0x8) = -1 EINVAL (Invalid argument)"},
      {call(SYS_rt_sigprocmask, {7, 0, 0, 8}, 0), "rt_sigprocmask(0x7 /* SIG_??? */, NULL, NULL, 8) = 0"},
  };
  for (const auto& [ev, text] : cases) CHECK(line_of(ev) == "[pid  4242] " + text + "\n");

  auto lseek = call(SYS_lseek, {3, 0, SEEK_CUR}, 0);
  CHECK(json_args(lseek) == R"("args":[3,0,"SEEK_CUR"],"ret":0,"dur_ns":11000})" "\n");
  auto kill0 = call(SYS_kill, {1234, 0}, 0);
  CHECK(json_args(kill0) == R"("args":[1234,0],"ret":0,"dur_ns":11000})" "\n");
  auto kill = call(SYS_kill, {1234, SIGTERM}, 0);
  CHECK(json_args(kill) == R"("args":[1234,"SIGTERM"],"ret":0,"dur_ns":11000})" "\n");
}

TEST_CASE("getrandom: the bytes returned", "[decoder][common]") {
  auto ev = call(SYS_getrandom, {kStack, 8, GRND_NONBLOCK}, 8);
  capture(ev, 0, SR_READ_BYTES, std::string("\x54\x89\x75\x4f\xf9\x8b\xfb\xa0", 8), 8);
  CHECK(line_of(ev) == R"([pid  4242] getrandom("\x54\x89\x75\x4f\xf9\x8b\xfb\xa0", 8, GRND_NONBLOCK) = 8)" "\n");
  CHECK(json_args(ev) == R"("args":["T\u0089uO\u00f9\u008b\u00fb\u00a0",8,"GRND_NONBLOCK"],"ret":8,"dur_ns":11000})" "\n");
}

TEST_CASE("fcntl: the third argument as the command reads it", "[decoder][common]") {
  using E = std::pair<SyscallEvent, std::string>;
  const E cases[] = {
      {call(SYS_fcntl, {3, F_GETFL, 0x7ffc}, 0), "fcntl(3, F_GETFL) = 0 (flags O_RDONLY)"},
      {call(SYS_fcntl, {3, F_SETFL, O_RDONLY | O_NONBLOCK}, 0), "fcntl(3, F_SETFL, O_RDONLY|O_NONBLOCK) = 0"},
      {call(SYS_fcntl, {3, F_SETFL, O_WRONLY | O_APPEND}, 0), "fcntl(3, F_SETFL, O_WRONLY|O_APPEND) = 0"},
      {call(SYS_fcntl, {3, F_SETFD, FD_CLOEXEC}, 0), "fcntl(3, F_SETFD, FD_CLOEXEC) = 0"},
      {call(SYS_fcntl, {3, F_SETFD, 0}, 0), "fcntl(3, F_SETFD, 0) = 0"},
      {call(SYS_fcntl, {3, F_GETFD}, 1), "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)"},
      {call(SYS_fcntl, {3, F_DUPFD_CLOEXEC, 10}, 11), "fcntl(3, F_DUPFD_CLOEXEC, 10) = 11"},
      {call(SYS_fcntl, {3, F_DUPFD, 3}, 4), "fcntl(3, F_DUPFD, 3) = 4"},
      {call(SYS_fcntl, {3, F_GETLK, 0}, -EFAULT), "fcntl(3, F_GETLK, NULL) = -1 EFAULT (Bad address)"},
      {call(SYS_fcntl, {3, F_SETOWN, 123}, 0), "fcntl(3, F_SETOWN, 123) = 0"},
      {call(SYS_fcntl, {3, F_SETLEASE, F_UNLCK}, 0), "fcntl(3, F_SETLEASE, F_UNLCK) = 0"},
      {call(SYS_fcntl, {3, F_ADD_SEALS, F_SEAL_SEAL}, 0), "fcntl(3, F_ADD_SEALS, F_SEAL_SEAL) = 0"},
      {call(SYS_fcntl, {3, F_GET_SEALS}, 0), "fcntl(3, F_GET_SEALS) = 0"},
      {call(SYS_fcntl, {3, F_SETPIPE_SZ, 4096}, 4096), "fcntl(3, F_SETPIPE_SZ, 4096) = 4096"},
      {call(SYS_fcntl, {3, F_NOTIFY, DN_ACCESS | DN_MULTISHOT}, 0), "fcntl(3, F_NOTIFY, DN_ACCESS|DN_MULTISHOT) = 0"},
      {call(SYS_fcntl, {3, F_SETSIG, SIGIO}, 0), "fcntl(3, F_SETSIG, SIGIO) = 0"},
      {call(SYS_fcntl, {3, 77, 5}, -EINVAL), "fcntl(3, 0x4d /* F_??? */, 0x5) = -1 EINVAL (Invalid argument)"},
  };
  for (const auto& [ev, text] : cases) CHECK(line_of(ev) == "[pid  4242] " + text + "\n");
  auto setfl = call(SYS_fcntl, {3, F_SETFL, O_RDONLY | O_NONBLOCK}, 0);
  CHECK(json_args(setfl) == R"("args":[3,"F_SETFL","O_RDONLY|O_NONBLOCK"],"ret":0,"dur_ns":11000})" "\n");
}

TEST_CASE("futex: the arguments each operation reads", "[decoder][common]") {
  constexpr uint64_t kAddr = 0x7ffec42a1d7c, kAddr2 = 0x7ffec42a1d80;
  using E = std::pair<SyscallEvent, std::string>;
  const E cases[] = {
      {call(SYS_futex, {kAddr, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0}, 0), "futex(0x7ffec42a1d7c, FUTEX_WAKE_PRIVATE, 1) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_WAIT, 1, 0, 0, 0}, -EAGAIN),
       "futex(0x7ffec42a1d7c, FUTEX_WAIT, 1, NULL) = -1 EAGAIN (Resource temporarily unavailable)"},
      {call(SYS_futex, {kAddr, FUTEX_WAIT_PRIVATE, 2, 0, 0, 0}, 0), "futex(0x7ffec42a1d7c, FUTEX_WAIT_PRIVATE, 2, NULL) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, kStack, 0, FUTEX_BITSET_MATCH_ANY}, 0),
       "futex(0x7ffec42a1d7c, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, 0x7ffc1000, FUTEX_BITSET_MATCH_ANY) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_WAIT_BITSET, 0, 0, 0, 5}, 0), "futex(0x7ffec42a1d7c, FUTEX_WAIT_BITSET, 0, NULL, 0x5) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, 0, FUTEX_BITSET_MATCH_ANY}, 0),
       "futex(0x7ffec42a1d7c, FUTEX_WAKE_BITSET_PRIVATE, 1, FUTEX_BITSET_MATCH_ANY) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_WAKE_OP_PRIVATE, 1, 1, kAddr, FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 0)}, 0),
       "futex(0x7ffec42a1d7c, FUTEX_WAKE_OP_PRIVATE, 1, 1, 0x7ffec42a1d7c, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_EQ<<24|0) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_REQUEUE_PRIVATE, 1, 2, kAddr2, 0}, 0),
       "futex(0x7ffec42a1d7c, FUTEX_REQUEUE_PRIVATE, 1, 2, 0x7ffec42a1d80) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, kAddr2, 0}, 0),
       "futex(0x7ffec42a1d7c, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, 0x7ffec42a1d80, 0) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_LOCK_PI_PRIVATE, 0, 0, 0, 0}, 0), "futex(0x7ffec42a1d7c, FUTEX_LOCK_PI_PRIVATE, NULL) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_UNLOCK_PI_PRIVATE, 0, 0, 0, 0}, 0), "futex(0x7ffec42a1d7c, FUTEX_UNLOCK_PI_PRIVATE) = 0"},
      {call(SYS_futex, {kAddr, FUTEX_WAIT_REQUEUE_PI, 1, 0, kAddr2, 0}, 0),
       "futex(0x7ffec42a1d7c, FUTEX_WAIT_REQUEUE_PI, 1, NULL, 0x7ffec42a1d80) = 0"},
      {call(SYS_futex, {kAddr, 13, 0, 0, 0, 0}, 0), "futex(0x7ffec42a1d7c, FUTEX_LOCK_PI2, NULL) = 0"},
      {call(SYS_futex, {kAddr, 99, 0, 0, 0, 0}, -ENOSYS),
       "futex(0x7ffec42a1d7c, 0x63 /* FUTEX_??? */, 0, NULL, NULL, 0) = -1 ENOSYS (Function not implemented)"},
  };
  for (const auto& [ev, text] : cases) CHECK(line_of(ev) == "[pid  4242] " + text + "\n");
  auto wait = call(SYS_futex, {kAddr, FUTEX_WAIT_PRIVATE, 2, 0, 0, 0}, 0);
  CHECK(json_args(wait) == R"("args":["0x7ffec42a1d7c","FUTEX_WAIT_PRIVATE",2,null],"ret":0,"dur_ns":11000})" "\n");

  // The timeout, read at enter (strace 6.1 on a pthread_cond_timedwait).
  auto plan = decoder().semantics(SYS_futex).captures;
  CHECK(describe(plan.cap[0]) == "bytes@arg3 max=16");
  auto timed = call(SYS_futex, {kAddr, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, kStack, 0,
                                FUTEX_BITSET_MATCH_ANY}, -ETIMEDOUT);
  capture(timed, 0, SR_READ_BYTES, object_bytes(decode::KernelTimespec{1764031200, 500000000}), 16);
  CHECK(line_of(timed) == "[pid  4242] futex(0x7ffec42a1d7c, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, "
                          "{tv_sec=1764031200, tv_nsec=500000000}, FUTEX_BITSET_MATCH_ANY) = -1 ETIMEDOUT "
                          "(Connection timed out)\n");
  // An unreadable timeout prints its pointer.
  auto unreadable = call(SYS_futex, {kAddr, FUTEX_WAIT_PRIVATE, 2, kStack, 0, 0}, -EFAULT);
  capture(unreadable, 0, SR_READ_BYTES, "", 16, SR_CAPF_FAULT);
  CHECK(texts(decode_event(unreadable))[3] == "0x7ffc1000");
  // FUTEX_WAKE_OP's fourth register is a count: the capture's failed read of address 1 is not used.
  auto wake_op = call(SYS_futex, {kAddr, FUTEX_WAKE_OP_PRIVATE, 1, 1, kAddr, 0}, 0);
  capture(wake_op, 0, SR_READ_BYTES, "", 16, SR_CAPF_FAULT);
  CHECK(texts(decode_event(wake_op))[3] == "1");
}

TEST_CASE("prlimit64: limits in, limits out", "[decoder][common]") {
  auto ev = call(SYS_prlimit64, {0, RLIMIT_STACK, 0, kStack}, 0);
  capture(ev, 1, SR_READ_BYTES, rlimit_bytes(8192 * 1024, RLIM64_INFINITY), 16);
  CHECK(line_of(ev) ==
        "[pid  4242] prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0\n");
  CHECK(json_args(ev) ==
        R"("args":[0,"RLIMIT_STACK",null,{"rlim_cur":8388608,"rlim_max":"RLIM64_INFINITY"}],"ret":0,"dur_ns":11000})"
        "\n");

  auto set = call(SYS_prlimit64, {6671, RLIMIT_NOFILE, kStack, 0}, 0);
  capture(set, 0, SR_READ_BYTES, rlimit_bytes(1024, 4096), 16);
  CHECK(texts(decode_event(set)) == Texts{"6671", "RLIMIT_NOFILE", "{rlim_cur=1024, rlim_max=4*1024}", "NULL"});
  auto both = call(SYS_prlimit64, {0, RLIMIT_DATA, kStack, kStack + 16}, -EINVAL);
  capture(both, 0, SR_READ_BYTES, rlimit_bytes(3072 * 1024, 1024001), 16);
  CHECK(texts(decode_event(both)) ==
        Texts{"0", "RLIMIT_DATA", "{rlim_cur=3072*1024, rlim_max=1024001}", "0x7ffc1010"});
}

TEST_CASE("rt_sigaction and rt_sigprocmask: handlers and signal sets", "[decoder][common][signals]") {
  decode::KernelSigaction sa{0x556749b75289, 0x04000000 | SA_RESTART, 0x7fd567e4c050, sigbit(SIGTERM)};
  auto ev = call(SYS_rt_sigaction, {SIGINT, kStack, 0, 8}, 0);
  capture(ev, 0, SR_READ_BYTES, object_bytes(sa), 32);
  CHECK(line_of(ev) == "[pid  4242] rt_sigaction(SIGINT, {sa_handler=0x556749b75289, sa_mask=[TERM], "
                       "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7fd567e4c050}, NULL, 8) = 0\n");
  CHECK(json_args(ev) ==
        R"("args":["SIGINT",{"sa_handler":"0x556749b75289","sa_mask":["SIGTERM"],"sa_flags":"SA_RESTORER|SA_RESTART",)"
        R"("sa_restorer":"0x7fd567e4c050"},null,8],"ret":0,"dur_ns":11000})" "\n");

  SECTION("the old action, read at exit; SIG_DFL and no flags") {
    auto old = call(SYS_rt_sigaction, {SIGINT, 0, kStack, 8}, 0);
    capture(old, 1, SR_READ_BYTES, object_bytes(decode::KernelSigaction{}), 32);
    CHECK(texts(decode_event(old)) ==
          Texts{"SIGINT", "NULL", "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}", "8"});
    CHECK(json_args(old) ==
          R"("args":["SIGINT",null,{"sa_handler":"SIG_DFL","sa_mask":[],"sa_flags":0},8],"ret":0,"dur_ns":11000})" "\n");
  }
  SECTION("SIG_IGN and every flag") {
    decode::KernelSigaction all{1, 0xffffffffdc00000full, 0x1000, 0};
    capture(ev, 0, SR_READ_BYTES, object_bytes(all), 32);
    CHECK(texts(decode_event(ev))[1] ==
          "{sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK|SA_RESTART|SA_NODEFER|SA_RESETHAND|"
          "SA_SIGINFO|SA_NOCLDSTOP|SA_NOCLDWAIT|0xffffffff00000008, sa_restorer=0x1000}");
  }

  auto mask = call(SYS_rt_sigprocmask, {SIG_BLOCK, kStack, kStack + 8, 8}, 0);
  capture(mask, 0, SR_READ_BYTES, object_bytes(sigbit(SIGINT) | sigbit(SIGTERM)), 8);
  capture(mask, 1, SR_READ_BYTES, object_bytes(uint64_t{0}), 8);
  CHECK(line_of(mask) == "[pid  4242] rt_sigprocmask(SIG_BLOCK, [INT TERM], [], 8) = 0\n");
  CHECK(json_args(mask) == R"("args":["SIG_BLOCK",["SIGINT","SIGTERM"],[],8],"ret":0,"dur_ns":11000})" "\n");

  SECTION("more than half the signals: the complement") {
    uint64_t all_but = ~(sigbit(SIGINT) | sigbit(32) | sigbit(33));
    capture(mask, 0, SR_READ_BYTES, object_bytes(all_but), 8);
    capture(mask, 1, SR_READ_BYTES, object_bytes(~0ull), 8);
    CHECK(texts(decode_event(mask))[1] == "~[INT RTMIN RT_1]");
    CHECK(texts(decode_event(mask))[2] == "~[]");
    capture(mask, 0, SR_READ_BYTES, object_bytes(sigbit(34) | sigbit(64)), 8);
    CHECK(texts(decode_event(mask))[1] == "[RT_2 RT_32]");
    capture(mask, 0, SR_READ_BYTES, object_bytes(0xffffffffull), 8);  // exactly half
    CHECK(texts(decode_event(mask))[1].substr(0, 9) == "[HUP INT ");
  }
  SECTION("before the call returns, the old set is a pointer") {
    mask.type = SR_REC_SYSCALL_ENTER;
    CHECK(texts(decode_event(mask)) == Texts{"SIG_BLOCK", "[INT TERM]", "0x7ffc1008", "8"});
  }
}

TEST_CASE("rt_sigreturn: the mask it restores, from the signal frame", "[decoder][common][signals]") {
  auto ev = call(SYS_rt_sigreturn, {}, 0);
  capture(ev, 0, SR_READ_BYTES, object_bytes(sigbit(SIGUSR2)), 8);
  CHECK(line_of(ev) == "[pid  4242] rt_sigreturn({mask=[USR2]}) = 0\n");
  CHECK(json_args(ev) == R"("args":[{"mask":["SIGUSR2"]}],"ret":0,"dur_ns":11000})" "\n");
  SECTION("an empty mask") {
    capture(ev, 0, SR_READ_BYTES, object_bytes(uint64_t{0}), 8);
    CHECK(line_of(ev) == "[pid  4242] rt_sigreturn({mask=[]}) = 0\n");
  }
  SECTION("unreadable: no argument, as before the frame was read") {
    capture(ev, 0, SR_READ_BYTES, "", 8, SR_CAPF_FAULT);
    CHECK(line_of(ev) == "[pid  4242] rt_sigreturn() = 0\n");
    ev.cap[0] = {};
    CHECK(line_of(ev) == "[pid  4242] rt_sigreturn() = 0\n");
  }
  SECTION("the capture: the sigset at the stack pointer + 296") {
    const auto& spec = decoder().semantics(SYS_rt_sigreturn).captures.cap[0];
    CHECK(describe(spec) == "bytes@sp+296 max=8");
  }
}

TEST_CASE("stat structures, abbreviated", "[decoder][common][stat]") {
  auto ev = call(SYS_newfstatat, {3, kStack, kStack + 64, AT_EMPTY_PATH}, 0);
  capture_path(ev, 0, "");
  capture(ev, 1, SR_READ_BYTES, stat_bytes(S_IFREG | 0644, 1922136), 144);
  CHECK(line_of(ev) ==
        "[pid  4242] newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=1922136, ...}, AT_EMPTY_PATH) = 0\n");
  CHECK(json_args(ev) ==
        R"("args":[3,"",{"st_mode":"S_IFREG|0644","st_size":1922136},"AT_EMPTY_PATH"],"ret":0,"dur_ns":11000})" "\n");

  capture(ev, 1, SR_READ_BYTES, stat_bytes(S_IFCHR | 0620, 0, makedev(0x88, 0)), 144);
  CHECK(texts(decode_event(ev))[2] == "{st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0), ...}");
  CHECK(json_args(ev).find(R"({"st_mode":"S_IFCHR|0620","st_rdev":{"major":136,"minor":0}})") != std::string::npos);
  capture(ev, 1, SR_READ_BYTES, stat_bytes(S_IFDIR | S_ISVTX | 0777, 4096), 144);
  CHECK(texts(decode_event(ev))[2] == "{st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}");

  auto missing = call(SYS_newfstatat, {kAtFdcwd, kStack, 0x7ffec42a1e80, 0}, -ENOENT);
  capture_path(missing, 0, "/nonexist");
  CHECK(texts(decode_event(missing)) == Texts{"AT_FDCWD", "\"/nonexist\"", "0x7ffec42a1e80", "0"});

  auto fstat = call(SYS_fstat, {0, kStack}, 0);
  capture(fstat, 0, SR_READ_BYTES, stat_bytes(S_IFCHR | 0666, 0, makedev(1, 3)), 144);
  CHECK(line_of(fstat) == "[pid  4242] fstat(0, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0\n");

  auto statx = call(SYS_statx, {kAtFdcwd, kStack, AT_SYMLINK_NOFOLLOW, 0x7ff, kStack + 64}, 0);
  capture_path(statx, 0, "/etc/passwd");
  struct statx stx {};
  stx.stx_mask = 0x17ff;
  stx.stx_mode = S_IFREG | 0644;
  stx.stx_size = 1221;
  capture(statx, 1, SR_READ_BYTES, object_bytes(stx).substr(0, 48), 48);
  CHECK(texts(decode_event(statx))[4] ==
        "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=1221, ...}");
  CHECK(texts(decode_event(statx))[2] == "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW");
  CHECK(texts(decode_event(statx))[3] == "STATX_BASIC_STATS");

  // ls -la's call, as strace 6.1 printed it on this machine.
  auto ls = call(SYS_statx, {kAtFdcwd, kStack, 0x900, 0x25e, kStack + 64}, 0);
  capture_path(ls, 0, "/etc");
  stx.stx_mode = S_IFDIR | 0755;
  stx.stx_size = 4096;
  capture(ls, 1, SR_READ_BYTES, object_bytes(stx).substr(0, 48), 48);
  CHECK(line_of(ls) ==
        "[pid  4242] statx(AT_FDCWD, \"/etc\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, "
        "STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE, {stx_mask=STATX_BASIC_STATS|"
        "STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=4096, ...}) = 0\n");
  // The sync type is a value: AT_STATX_DONT_SYNC (0x4000) with AT_EMPTY_PATH; no mask.
  auto sync = call(SYS_statx, {3, kStack, 0x5000, 0, kStack + 64}, -EBADF);
  capture_path(sync, 0, "");
  CHECK(texts(decode_event(sync))[2] == "AT_STATX_DONT_SYNC|AT_EMPTY_PATH");
  CHECK(texts(decode_event(sync))[3] == "0");
}

TEST_CASE("clocks and timespecs: sleeps and clock_gettime", "[decoder][common][time]") {
  // `sleep 0.01` under strace 6.1: clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0,
  // tv_nsec=10000000}, 0x7ffd5a87cab0) = 0
  auto plan_sleep = decoder().semantics(SYS_clock_nanosleep).captures;
  CHECK(describe(plan_sleep.cap[0]) == "bytes@arg2 max=16");
  auto sleep = call(SYS_clock_nanosleep, {CLOCK_REALTIME, 0, kStack, 0x7ffd5a87cab0}, 0);
  capture(sleep, 0, SR_READ_BYTES, object_bytes(decode::KernelTimespec{0, 10'000'000}), 16);
  CHECK(line_of(sleep) ==
        "[pid  4242] clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=10000000}, 0x7ffd5a87cab0) = 0\n");
  CHECK(json_args(sleep).rfind(R"("args":["CLOCK_REALTIME",0,{"tv_sec":0,"tv_nsec":10000000},"0x7ffd5a87cab0"])", 0) == 0);

  auto abs = call(SYS_clock_nanosleep, {CLOCK_MONOTONIC, TIMER_ABSTIME, kStack, 0}, -EINTR);
  capture(abs, 0, SR_READ_BYTES, object_bytes(decode::KernelTimespec{1234, 5}), 16);
  CHECK(texts(decode_event(abs)) == Texts{"CLOCK_MONOTONIC", "TIMER_ABSTIME", "{tv_sec=1234, tv_nsec=5}", "NULL"});

  auto nano = call(SYS_nanosleep, {kStack, 0}, 0);
  capture(nano, 0, SR_READ_BYTES, object_bytes(decode::KernelTimespec{1, 0}), 16);
  CHECK(line_of(nano) == "[pid  4242] nanosleep({tv_sec=1, tv_nsec=0}, NULL) = 0\n");

  // The remaining time is an exit argument: left out of "<unfinished ...>", and a timespec
  // only when the sleep was interrupted (the kernel writes it only then), as strace shows it.
  CHECK(describe(plan_sleep.cap[1]) == "bytes@arg3 max=16 exit:restart");
  auto blocked = sleep;
  blocked.type = SR_REC_SYSCALL_ENTER;
  CHECK(unfinished(blocked) ==
        "[pid  4242] clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=10000000},  <unfinished ...>\n");
  auto cut_short = call(SYS_clock_nanosleep, {CLOCK_REALTIME, 0, kStack, 0x7ffd5a87cab0}, -516);
  capture(cut_short, 0, SR_READ_BYTES, object_bytes(decode::KernelTimespec{1, 0}), 16);
  capture(cut_short, 1, SR_READ_BYTES, object_bytes(decode::KernelTimespec{0, 701'000'000}), 16);
  CHECK(line_of(cut_short) ==
        "[pid  4242] clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=0}, {tv_sec=0, tv_nsec=701000000}) "
        "= ? ERESTART_RESTARTBLOCK (Interrupted by signal)\n");
  auto nano_cut = call(SYS_nanosleep, {kStack, kStack + 16}, -516);
  capture(nano_cut, 1, SR_READ_BYTES, object_bytes(decode::KernelTimespec{2, 5}), 16);
  CHECK(texts(decode_event(nano_cut))[1] == "{tv_sec=2, tv_nsec=5}");

  // The time read back at exit; a fault prints the pointer.
  auto now = call(SYS_clock_gettime, {CLOCK_BOOTTIME, kStack}, 0);
  capture(now, 0, SR_READ_BYTES, object_bytes(decode::KernelTimespec{42, 999}), 16);
  CHECK(line_of(now) == "[pid  4242] clock_gettime(CLOCK_BOOTTIME, {tv_sec=42, tv_nsec=999}) = 0\n");
  auto bad = call(SYS_clock_gettime, {99, kStack}, -EINVAL);
  CHECK(line_of(bad) == "[pid  4242] clock_gettime(0x63 /* CLOCK_??? */, 0x7ffc1000) = -1 EINVAL (Invalid argument)\n");
}

TEST_CASE("epoll: the op and event going in, the events coming back", "[decoder][common][epoll]") {
  auto event = [](uint32_t events, uint64_t data) {
    return object_bytes(decode::KernelEpollEvent{events, data});
  };
  auto add = call(SYS_epoll_ctl, {4, EPOLL_CTL_ADD, 5, kStack}, 0);
  capture(add, 0, SR_READ_BYTES, event(EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, 0x7f0012345678), 12);
  CHECK(line_of(add) ==
        "[pid  4242] epoll_ctl(4, EPOLL_CTL_ADD, 5, {events=EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET, "
        "data={u32=305419896, u64=139638282147448}}) = 0\n");
  CHECK(json_args(add) ==
        R"("args":[4,"EPOLL_CTL_ADD",5,{"events":"EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET",)"
        R"("data":{"u32":305419896,"u64":139638282147448}}],"ret":0,"dur_ns":11000})"
        "\n");
  // EPOLL_CTL_DEL ignores the event: strace prints its address.
  auto del = call(SYS_epoll_ctl, {4, EPOLL_CTL_DEL, 5, kStack}, 0);
  capture(del, 0, SR_READ_BYTES, event(0, 0), 12);
  CHECK(texts(decode_event(del)) == Texts{"4", "EPOLL_CTL_DEL", "5", "0x7ffc1000"});
  auto odd = call(SYS_epoll_ctl, {4, 9, 5, kStack}, -EINVAL);
  capture(odd, 0, SR_READ_BYTES, event(0x100000, 3), 12);
  CHECK(texts(decode_event(odd)) ==
        Texts{"4", "0x9 /* EPOLL_CTL_??? */", "5", "{events=0x100000 /* EPOLL??? */, data={u32=3, u64=3}}"});

  auto wait = call(SYS_epoll_wait, {9, kStack, 4, 2000}, 2);
  capture(wait, 0, SR_READ_BYTES, event(EPOLLIN, 3) + event(EPOLLOUT | EPOLLHUP, 0x100000003), 24);
  CHECK(line_of(wait) ==
        "[pid  4242] epoll_wait(9, [{events=EPOLLIN, data={u32=3, u64=3}}, "
        "{events=EPOLLOUT|EPOLLHUP, data={u32=3, u64=4294967299}}], 4, 2000) = 2\n");
  auto none = call(SYS_epoll_pwait, {4, kStack, 128, 0, 0, 0}, 0);
  capture(none, 0, SR_READ_BYTES, "", 0);
  CHECK(line_of(none) == "[pid  4242] epoll_pwait(4, [], 128, 0, NULL, 0) = 0\n");
  // More than the capture holds: the first ones, then "...".
  auto many = call(SYS_epoll_wait, {9, kStack, 64, 1000}, 40);
  std::string first32;
  for (int i = 0; i < 32; ++i) first32 += event(EPOLLIN, i);
  capture(many, 0, SR_READ_BYTES, first32, 40 * 12);
  auto many_text = texts(decode_event(many))[1];
  CHECK(many_text.ends_with("{events=EPOLLIN, data={u32=31, u64=31}}, ...]"));
  auto cut = call(SYS_epoll_wait, {9, kStack, 4, 1000}, -EINTR);
  CHECK(texts(decode_event(cut))[1] == "0x7ffc1000");

  auto plan = [](uint32_t nr) { return describe(decoder().semantics(nr).captures.cap[0]); };
  CHECK(plan(SYS_epoll_ctl) == "bytes@arg3 max=12");
  CHECK(plan(SYS_epoll_wait) == "bytes@arg1 len=ret*12 max=384 exit:ok");
  CHECK(plan(SYS_epoll_pwait) == "bytes@arg1 len=ret*12 max=384 exit:ok");
}
