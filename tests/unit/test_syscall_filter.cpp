// strace's -e trace= syntax over the built-in (x86_64) syscall table. What strace 6.1 accepts
// was checked with `strace -e EXPR`; the error texts are sysray's own.
#include <catch2/catch.hpp>
#include <signal.h>

#include <sys/syscall.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "cli/signal_filter.h"
#include "cli/syscall_filter.h"
#include "util/user_error.h"

using sysray::parse_syscall_filter;
using sysray::parse_syscall_filters;
using sysray::SyscallSet;
using sysray::UserError;

namespace {

const sysray::decode::SyscallTable& table() {
  static const auto t = sysray::decode::SyscallTable::builtin();
  return t;
}

SyscallSet parse(std::string_view expr) { return parse_syscall_filter(expr, table()); }

SyscallSet only(std::initializer_list<int> nrs) {
  SyscallSet set;
  for (int nr : nrs) set.set(nr);
  return set;
}

// Sets as sorted syscall numbers, so that a failed comparison prints readably.
std::vector<int> nrs_of(const SyscallSet& set) {
  std::vector<int> out;
  for (size_t nr = 0; nr < set.size(); ++nr)
    if (set.test(nr)) out.push_back(static_cast<int>(nr));
  return out;
}
std::vector<int> nrs(std::initializer_list<int> list) { return nrs_of(only(list)); }
std::vector<int> selected(std::string_view expr) { return nrs_of(parse(expr)); }

SyscallSet everything() { return SyscallSet().set(); }

// The one error `expr` must be refused with.
void check_refused(std::string_view expr, const std::string& message) {
  INFO("-e " << expr);
  CHECK_THROWS_MATCHES(parse(expr), UserError, Catch::Message(message));
}

}  // namespace

TEST_CASE("-e: a list of syscall names, with or without trace=", "[filter]") {
  CHECK(selected("bind,connect") == nrs({SYS_bind, SYS_connect}));
  CHECK(selected("trace=bind") == nrs({SYS_bind}));
  CHECK(selected("t=bind") == nrs({SYS_bind}));
  CHECK(selected("trace=bind,connect,getppid") == nrs({SYS_bind, SYS_connect, SYS_getppid}));
  CHECK(selected("bind,bind") == nrs({SYS_bind}));
  CHECK(selected("close,") == nrs({SYS_close}));  // strace skips empty elements
  CHECK(selected("close,,read") == nrs({SYS_close, SYS_read}));
  CHECK(selected("3") == nrs({SYS_close}));  // a number is a syscall number
}

TEST_CASE("-e: all, none and negation", "[filter]") {
  CHECK(parse("all") == everything());
  CHECK(parse("trace=all") == everything());
  CHECK(parse("none") == SyscallSet());
  CHECK(parse("trace=none") == SyscallSet());

  SyscallSet not_write = parse("!write");
  CHECK_FALSE(not_write.test(SYS_write));
  CHECK(not_write.count() == SR_MAX_SYSCALLS - 1);
  CHECK(parse("trace=!write,read") == ~only({SYS_write, SYS_read}));
  CHECK(parse("!all") == SyscallSet());
  CHECK(parse("!none") == everything());
}

TEST_CASE("-e: %net and %network are the socket calls", "[filter]") {
  SyscallSet net = parse("%net");
  CHECK(parse("%network") == net);
  CHECK(parse("trace=%net") == net);
  CHECK(parse("network") == net);  // the old bare-word form strace still takes
  for (int nr : {SYS_socket, SYS_bind, SYS_connect, SYS_sendto, SYS_recvfrom, SYS_accept4,
                 SYS_sendmsg, SYS_setsockopt, SYS_sendfile}) {
    INFO("syscall " << nr);
    CHECK(net.test(nr));
  }
  for (int nr : {SYS_read, SYS_write, SYS_close, SYS_openat, SYS_getppid}) {
    INFO("syscall " << nr);
    CHECK_FALSE(net.test(nr));
  }
}

TEST_CASE("-e: other classes", "[filter]") {
  SyscallSet file = parse("%file");
  CHECK(file.test(SYS_openat));
  CHECK(file.test(SYS_execve));
  CHECK(file.test(SYS_stat));
  CHECK(file.test(SYS_getcwd));
  CHECK_FALSE(file.test(SYS_read));
  CHECK_FALSE(file.test(SYS_close));
  CHECK(parse("file") == file);

  // Checked against strace 6.1: which of a set of calls each class traces.
  CHECK(selected("%stat") == nrs({SYS_stat}));
  CHECK(selected("%lstat") == nrs({SYS_lstat}));
  CHECK(selected("%fstat") == nrs({SYS_fstat, SYS_newfstatat, SYS_statx}));
  CHECK(selected("%%stat") == nrs({SYS_stat, SYS_fstat, SYS_lstat, SYS_newfstatat, SYS_statx}));
  CHECK(parse("%creds").test(SYS_getuid));
  CHECK(parse("%clock").test(SYS_clock_gettime));
  CHECK(parse("%ipc").test(SYS_shmdt));
  CHECK(parse("%memory").test(SYS_brk));
  CHECK(parse("%memory").test(SYS_mmap));
  CHECK(parse("%signal").test(SYS_kill));
  CHECK(parse("%process").test(SYS_exit_group));
  CHECK_FALSE(parse("%process").test(SYS_getppid));
  CHECK(parse("%pure").test(SYS_getppid));
  CHECK(parse("%desc").test(SYS_read));
  CHECK_FALSE(parse("%desc").test(SYS_socket));

  CHECK(parse("%net,close") == (parse("%net") | only({SYS_close})));
  CHECK(parse("!%file") == ~file);
}

TEST_CASE("-e: /regex matches names, unanchored", "[filter]") {
  CHECK(selected("/^get.*pid$") == nrs({SYS_getpid, SYS_getppid}));  // not getpgid
  CHECK(selected("trace=/^exit") == nrs({SYS_exit, SYS_exit_group}));
  CHECK(selected("/sockopt") == nrs({SYS_setsockopt, SYS_getsockopt}));
}

TEST_CASE("-e: ?name is no error when unknown", "[filter]") {
  CHECK(parse("?nosuchcall") == SyscallSet());
  CHECK(selected("bind,?nosuchcall") == nrs({SYS_bind}));
  CHECK(selected("?bind") == nrs({SYS_bind}));
  CHECK(parse("?%bogus") == SyscallSet());
  CHECK(parse("?/zzz") == SyscallSet());
}

TEST_CASE("-e: errors", "[filter]") {
  check_refused("nosuch",
                "unknown syscall 'nosuch' (see /sys/kernel/tracing/events/syscalls or "
                "ausyscall --dump)");
  check_refused("trace=bind,nosuch",
                "unknown syscall 'nosuch' (see /sys/kernel/tracing/events/syscalls or "
                "ausyscall --dump)");
  check_refused("9999",
                "unknown syscall '9999' (see /sys/kernel/tracing/events/syscalls or "
                "ausyscall --dump)");
  check_refused("%bogus",
                "unknown syscall class '%bogus' (known: %net %network %file %process %desc "
                "%memory %signal %ipc %creds %clock %stat %lstat %fstat %%stat %statfs "
                "%fstatfs %%statfs %pure)");
  check_refused("read=3",
                "unsupported -e qualifier 'read' (only trace=, signal= and status= are supported)");
  check_refused("/zzz", "no syscall matches '/zzz'");
  check_refused("trace=", "empty syscall list in -e 'trace='");
  check_refused("trace=,", "empty syscall list in -e 'trace=,'");
  CHECK_THROWS_AS(parse("/("), UserError);  // an invalid regex
}

TEST_CASE("-e given several times: the last one decides", "[filter]") {
  const auto& t = table();
  CHECK(parse_syscall_filters({}, t) == everything());
  CHECK(nrs_of(parse_syscall_filters({"trace=bind"}, t)) == nrs({SYS_bind}));
  CHECK(nrs_of(parse_syscall_filters({"trace=bind", "trace=connect"}, t)) == nrs({SYS_connect}));
  // Each one is still checked.
  CHECK_THROWS_AS(parse_syscall_filters({"trace=nosuch", "trace=connect"}, t), UserError);
  // signal= chooses signals, not syscalls.
  CHECK(nrs_of(parse_syscall_filters({"trace=bind", "signal=none"}, t)) == nrs({SYS_bind}));
  CHECK(parse_syscall_filters({"signal=SIGCHLD"}, t) == everything());
}

TEST_CASE("-e signal=: which delivered signals are shown", "[filter]") {
  using sysray::parse_signal_filters;
  auto bit = [](int sig) { return uint64_t{1} << (sig - 1); };
  CHECK(parse_signal_filters({}) == ~uint64_t{0});
  CHECK(parse_signal_filters({"trace=bind"}) == ~uint64_t{0});
  CHECK(parse_signal_filters({"signal=none"}) == 0);
  CHECK(parse_signal_filters({"signal=all"}) == ~uint64_t{0});
  CHECK(parse_signal_filters({"signal=SIGCHLD,usr1,12"}) ==
        (bit(SIGCHLD) | bit(SIGUSR1) | bit(SIGUSR2)));
  CHECK(parse_signal_filters({"signals=!SIGIO"}) == ~bit(SIGIO));
  CHECK(parse_signal_filters({"s=rtmin,SIGRT_2"}) == (bit(32) | bit(34)));
  CHECK(parse_signal_filters({"signal=none", "signal=SIGTERM"}) == bit(SIGTERM));
  auto refused = [](const std::string& expr, const std::string& message) {
    try {
      parse_signal_filters({expr});
      FAIL("accepted " << expr);
    } catch (const UserError& e) {
      CHECK(std::string(e.what()) == message);
    }
  };
  refused("signal=SIGFOO", "unknown signal 'SIGFOO' in -e signal=SIGFOO");
  refused("signal=65", "unknown signal '65' in -e signal=65");
  refused("signal=,", "empty signal list in -e 'signal=,'");
}
