// execve, clone, clone3, setsockopt, getsockopt and the *at flags, decoded from records filled
// the way the BPF side fills them; the expected text is strace 6.1's (run on the same calls).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "syscall_fixtures.h"

using namespace sysray;
using namespace sysray::test;
using Kind = sysray::decode::DecodedArg::Kind;
using Texts = std::vector<std::string>;

namespace {

// argv as SR_READ_ARGV stores it: a flag byte (1: cut), the bytes, a NUL.
std::string argv_bytes(std::initializer_list<std::pair<std::string, bool>> elems) {
  std::string out;
  for (const auto& [s, cut] : elems) {
    out.push_back(cut ? 1 : 0);
    out += s;
    out.push_back('\0');
  }
  return out;
}

constexpr uint64_t kArgv = 0x7ffd0010, kEnvp = 0x7ffd0040;

}  // namespace

TEST_CASE("execve: argv's strings, envp as a pointer and a count", "[decoder][exec]") {
  auto ev = call(SYS_execve, {kStack, kArgv, kEnvp}, 0);
  capture_path(ev, 0, "/usr/bin/true");
  capture(ev, 1, SR_READ_ARGV, argv_bytes({{"true", false}, {"1", false}}), 23);
  auto args = decode_event(ev);
  CHECK(texts(args) == Texts{"\"/usr/bin/true\"", "[\"true\", \"1\"]", "0x7ffd0040 /* 23 vars */"});
  CHECK(args[1].kind == Kind::Array);
  CHECK_FALSE(args[1].truncated);
  CHECK(json_of(ev) ==
        R"({"type":"syscall","ts_ns":5000000000,"pid":4242,"tid":4242,"comm":"server","syscall":"execve",)"
        R"("args":["/usr/bin/true",["true","1"],{"addr":"0x7ffd0040","vars":23}],"ret":0,"dur_ns":11000})"
        "\n");

  SECTION("strings cut at -s, more elements than captured, envp count capped") {
    capture(ev, 1, SR_READ_ARGV, argv_bytes({{"/bin", true}, {"1", false}}), SR_ENVP_COUNT_MAX,
            SR_CAPF_TRUNCATED | SR_CAPF_CAPPED);
    args = decode_event(ev);
    CHECK(args[1].text == R"(["/bin"..., "1", ...])");
    CHECK(args[1].truncated);
    CHECK(args[2].text == "0x7ffd0040 /* 1024+ vars */");
    CHECK(json_of(ev).find(R"("args":["/usr/bin/true",["/bin","1"],)") != std::string::npos);
    CHECK(json_of(ev).find(R"("truncated_args":[1])") != std::string::npos);
  }
  SECTION("an empty argv") {
    capture(ev, 1, SR_READ_ARGV, "", 0);
    CHECK(texts(decode_event(ev))[1] == "[]");
    CHECK(texts(decode_event(ev))[2] == "0x7ffd0040 /* 0 vars */");
  }
  SECTION("NULL or unreadable arrays print as pointers") {
    ev.args[2] = 0;
    CHECK(texts(decode_event(ev))[2] == "NULL");
    ev.args[1] = 1;
    ev.args[2] = 1;
    capture(ev, 1, SR_READ_ARGV, "", 0, SR_CAPF_FAULT);
    CHECK(texts(decode_event(ev)) == Texts{"\"/usr/bin/true\"", "0x1", "0x1"});
  }
}

TEST_CASE("execveat: dirfd, path, argv, envp and AT_ flags", "[decoder][exec]") {
  auto ev = call(SYS_execveat, {3, kStack, kArgv, kEnvp, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW}, -2);
  capture_path(ev, 0, "");
  capture(ev, 1, SR_READ_ARGV, argv_bytes({{"a", false}}), 2);
  CHECK(texts(decode_event(ev)) == Texts{"3", "\"\"", "[\"a\"]", "0x7ffd0040 /* 2 vars */",
                                         "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH"});
}

TEST_CASE("clone: named arguments chosen by the flags", "[decoder][clone]") {
  // glibc's fork()
  auto fork = call(SYS_clone, {CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD, 0, 0, 0x7f0010, 0}, 1234);
  CHECK(line_of(fork) ==
        "[pid  4242] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
        "child_tidptr=0x7f0010) = 1234\n");
  INFO(json_of(fork));
  CHECK(json_of(fork).find(R"("args":[null,"CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD","0x7f0010"],)"
                           R"("arg_names":["child_stack","flags","child_tidptr"])") != std::string::npos);

  // every optional argument: parent_tid (read back at exit), tls, child_tidptr
  auto all = call(SYS_clone, {CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD, 0x5000, kStack,
                              0x7f0010, 0x1234},
                  9002);
  capture(all, 0, SR_READ_BYTES, int_bytes(9002), 4);
  auto args = decode_event(all);
  CHECK(texts(args) == Texts{"child_stack=0x5000", "flags=CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_SETTID|SIGCHLD",
                             "parent_tid=[9002]", "tls=0x1234", "child_tidptr=0x7f0010"});
  CHECK(args[2].at_exit);
  CHECK(args[2].value == 9002);

  SECTION("not returned yet, or failed: parent_tid is its pointer") {
    all.type = SR_REC_SYSCALL_ENTER;
    all.cap[0] = {};
    CHECK(texts(decode_event(all))[2] == "parent_tid=0x7ffc1000");
  }
  SECTION("no flags") {
    CHECK(texts(decode_event(call(SYS_clone, {0, 0, 0, 0, 0}, 9014))) == Texts{"child_stack=NULL", "flags=0"});
  }
}

TEST_CASE("clone3: the struct read at enter, parent_tid read back at exit", "[decoder][clone]") {
  struct {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
        cgroup;
  } ca{};
  ca.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
             CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
  ca.child_tid = ca.parent_tid = 0x7f6830fe9990;
  ca.stack = 0x7f68307e9000;
  ca.stack_size = 0x7fff80;
  ca.tls = 0x7f6830fe96c0;
  auto ev = call(SYS_clone3, {kStack, 88}, 7124);
  capture(ev, 0, SR_READ_BYTES, std::string(reinterpret_cast<const char*>(&ca), 88), 88);
  capture(ev, 1, SR_READ_BYTES, int_bytes(7124), 4);
  CHECK(texts(decode_event(ev)) ==
        Texts{"{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
              "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f6830fe9990, parent_tid=0x7f6830fe9990, "
              "exit_signal=0, stack=0x7f68307e9000, stack_size=0x7fff80, tls=0x7f6830fe96c0}",
              " => {parent_tid=[7124]}", "88"});
  INFO(json_of(ev));
  CHECK(json_of(ev).find(R"("args":[{"flags":"CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|)"
                         R"(CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID",)"
                         R"("child_tid":"0x7f6830fe9990","parent_tid":"0x7f6830fe9990","exit_signal":0,)"
                         R"("stack":"0x7f68307e9000","stack_size":8388480,"tls":"0x7f6830fe96c0"},88])") !=
        std::string::npos);

  SECTION("fork-like") {
    ca = {};
    ca.exit_signal = SIGCHLD;
    capture(ev, 0, SR_READ_BYTES, std::string(reinterpret_cast<const char*>(&ca), 88), 88);
    ev.cap[1] = {};
    CHECK(texts(decode_event(ev)) == Texts{"{flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}", "", "88"});
  }
  SECTION("too small for a clone_args, NULL, or unreadable: the pointer") {
    ev.args[1] = 24;
    CHECK(texts(decode_event(ev)) == Texts{"0x7ffc1000", "", "24"});
    ev.args[1] = 88;
    ev.args[0] = 0;
    ev.cap[0] = {};
    CHECK(texts(decode_event(ev)) == Texts{"NULL", "", "88"});
  }
}

TEST_CASE("setsockopt: level, option name and value", "[decoder][sockopt]") {
  auto set = [](int level, int name, std::string val, int len, int64_t ret = 0) {
    auto ev = call(SYS_setsockopt, {5, static_cast<uint64_t>(level), static_cast<uint64_t>(name), kStack,
                                    static_cast<uint64_t>(len)},
                   ret);
    capture(ev, 0, SR_READ_BYTES, val, len);
    return texts(decode_event(ev));
  };
  std::string linger = int_bytes(1) + int_bytes(0);
  CHECK(set(SOL_SOCKET, SO_LINGER, linger, 8) == Texts{"5", "SOL_SOCKET", "SO_LINGER", "{l_onoff=1, l_linger=0}", "8"});
  CHECK(set(SOL_SOCKET, SO_LINGER, int_bytes(1), 4)[3] == "0x7ffc1000");
  CHECK(set(SOL_SOCKET, SO_REUSEADDR, int_bytes(1), 4) == Texts{"5", "SOL_SOCKET", "SO_REUSEADDR", "[1]", "4"});
  CHECK(set(SOL_SOCKET, SO_REUSEADDR, int_bytes(1) + int_bytes(0), 8)[3] == "[1]");
  CHECK(set(SOL_SOCKET, SO_REUSEADDR, "\1\0\0", 3)[3] == "0x7ffc1000");
  CHECK(set(IPPROTO_TCP, 1, int_bytes(1), 4) == Texts{"5", "SOL_TCP", "TCP_NODELAY", "[1]", "4"});
  CHECK(set(IPPROTO_TCP, 1, int_bytes(1) + int_bytes(0), 8)[3] == R"("\1\0\0\0\0\0\0\0")");
  CHECK(set(IPPROTO_IP, 1, int_bytes(1), 4)[1] == "SOL_IP");
  CHECK(set(IPPROTO_IP, 1, int_bytes(1), 4)[2] == "IP_TOS");
  CHECK(set(IPPROTO_IPV6, 26, int_bytes(1), 4)[2] == "IPV6_V6ONLY");
  CHECK(set(IPPROTO_UDP, 1, int_bytes(1), 4)[1] == "SOL_UDP");
  CHECK(set(SOL_SOCKET, SO_RCVTIMEO_OLD, std::string("\1\0\0\0\0\0\0\0\364\1\0\0\0\0\0\0", 16), 16)[3] ==
        R"("\1\0\0\0\0\0\0\0\364\1\0\0\0\0\0\0")");
  CHECK(set(SOL_SOCKET, SO_BINDTODEVICE, std::string("lo\0", 3), 3)[3] == R"("lo\0")");
  CHECK(set(SOL_SOCKET, 999, int_bytes(1), 4)[2] == "0x3e7 /* SO_??? */");
  CHECK(set(999, 1, int_bytes(1), 4)[1] == "0x3e7 /* SOL_?? */");
  CHECK(set(999, 1, int_bytes(1), 4)[2] == "1");
  // -s 2: a string is cut; an int needs its 4 bytes, without them it is a pointer
  CHECK(set(SOL_SOCKET, SO_BINDTODEVICE, "lo", 3)[3] == R"("lo"...)");
  CHECK(set(SOL_SOCKET, SO_SNDBUF, "\1\0", 4)[3] == "0x7ffc1000");

  auto null = call(SYS_setsockopt, {5, SOL_SOCKET, SO_KEEPALIVE, 0, 4}, -14);
  CHECK(texts(decode_event(null))[3] == "NULL");

  auto ev = call(SYS_setsockopt, {5, SOL_SOCKET, SO_LINGER, kStack, 8});
  capture(ev, 0, SR_READ_BYTES, linger, 8);
  CHECK(json_of(ev).find(R"("args":[5,"SOL_SOCKET","SO_LINGER",{"l_onoff":1,"l_linger":0},8])") !=
        std::string::npos);
}

TEST_CASE("getsockopt: the value and optlen as the kernel left them", "[decoder][sockopt]") {
  auto get = [](int name, int in, std::string val, int out, int64_t ret = 0) {
    auto ev = call(SYS_getsockopt, {3, SOL_SOCKET, static_cast<uint64_t>(name), kStack, kStack + 64}, ret);
    capture(ev, 0, SR_READ_BYTES, int_bytes(in), 4);
    if (ret == 0) capture(ev, 1, SR_READ_BYTES, val, out);
    return ev;
  };
  auto ev = get(SO_RCVBUF, 4, int_bytes(131072), 4);
  auto args = decode_event(ev);
  CHECK(texts(args) == Texts{"3", "SOL_SOCKET", "SO_RCVBUF", "[131072]", "[4]"});
  CHECK(args[3].at_exit);
  CHECK(args[4].at_exit);
  CHECK(json_of(ev).find(R"("args":[3,"SOL_SOCKET","SO_RCVBUF",131072,4])") != std::string::npos);
  CHECK(texts(decode_event(get(SO_KEEPALIVE, 8, int_bytes(1), 4)))[4] == "[8 => 4]");
  CHECK(texts(decode_event(get(SO_LINGER, 8, int_bytes(1) + int_bytes(0), 8)))[3] == "{l_onoff=1, l_linger=0}");
  CHECK(texts(decode_event(get(SO_LINGER, 4, int_bytes(1), 4)))[3] == "{l_onoff=1}");
  CHECK(texts(decode_event(get(SO_RCVBUF, 0, "", 0)))[3] == "0x7ffc1000");
  CHECK(texts(decode_event(get(SO_BINDTODEVICE, 64, std::string("lo\0", 3), 3))) ==
        Texts{"3", "SOL_SOCKET", "SO_BINDTODEVICE", R"("lo\0")", "[64 => 3]"});
  auto failed = get(999, 8, "", 0, -92);
  CHECK(texts(decode_event(failed)) == Texts{"3", "SOL_SOCKET", "0x3e7 /* SO_??? */", "0x7ffc1000", "[8]"});
  auto blocked = get(SO_RCVBUF, 4, "", 0, 0);
  blocked.type = SR_REC_SYSCALL_ENTER;
  blocked.cap[1] = {};
  CHECK(texts(decode_event(blocked)) == Texts{"3", "SOL_SOCKET", "SO_RCVBUF", "0x7ffc1000", "0x7ffc1040"});
}

TEST_CASE("*at flags and access modes", "[decoder][flags]") {
  auto fstatat = call(SYS_newfstatat, {3, kStack, kStack + 256, AT_EMPTY_PATH});
  capture_path(fstatat, 0, "");
  CHECK(texts(decode_event(fstatat)) == Texts{"3", "\"\"", "0x7ffc1100", "AT_EMPTY_PATH"});
  fstatat.args[3] = AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT;
  CHECK(texts(decode_event(fstatat))[3] == "AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT");
  fstatat.args[3] = 0;
  CHECK(texts(decode_event(fstatat))[3] == "0");
  CHECK(decode_event(fstatat)[3].kind == Kind::Int);
  fstatat.args[3] = 0x1;
  CHECK(texts(decode_event(fstatat))[3] == "0x1 /* AT_??? */");
  fstatat.args[3] = AT_SYMLINK_FOLLOW | AT_EMPTY_PATH | 0x1;
  CHECK(texts(decode_event(fstatat))[3] == "AT_SYMLINK_FOLLOW|AT_EMPTY_PATH|0x1");
  fstatat.args[3] = 0x200;
  CHECK(texts(decode_event(fstatat))[3] == "AT_REMOVEDIR");

  auto unlink = call(SYS_unlinkat, {kAtFdcwd, kStack, AT_REMOVEDIR});
  capture_path(unlink, 0, "/d");
  CHECK(texts(decode_event(unlink))[2] == "AT_REMOVEDIR");

  auto access_call = call(SYS_access, {kStack, R_OK});
  capture_path(access_call, 0, "/etc/ld.so.preload");
  CHECK(texts(decode_event(access_call)) == Texts{"\"/etc/ld.so.preload\"", "R_OK"});
  access_call.args[1] = F_OK;
  CHECK(texts(decode_event(access_call))[1] == "F_OK");
  access_call.args[1] = R_OK | W_OK | X_OK;
  CHECK(texts(decode_event(access_call))[1] == "R_OK|W_OK|X_OK");
  access_call.args[1] = X_OK | 0x10;
  CHECK(texts(decode_event(access_call))[1] == "X_OK|0x10");
  access_call.args[1] = 0x40;
  CHECK(texts(decode_event(access_call))[1] == "0x40 /* ?_OK */");

  auto faccessat2 = call(SYS_faccessat2, {kAtFdcwd, kStack, R_OK, AT_SYMLINK_NOFOLLOW | AT_EACCESS});
  capture_path(faccessat2, 0, "/tmp");
  CHECK(texts(decode_event(faccessat2)) == Texts{"AT_FDCWD", "\"/tmp\"", "R_OK", "AT_SYMLINK_NOFOLLOW|AT_EACCESS"});
  faccessat2.args[3] = 0x8000;
  CHECK(texts(decode_event(faccessat2))[3] == "0x8000 /* AT_??? */");
}

TEST_CASE("a socket address too short for its family prints as the pointer", "[decoder][sockaddr]") {
  auto ev = call(SYS_bind, {3, kStack, 1}, -22);
  capture(ev, 0, SR_READ_BYTES, std::string("\2", 1), 1);
  CHECK(texts(decode_event(ev)) == Texts{"3", "0x7ffc1000", "1"});
}

TEST_CASE("wait4: the status word read at exit, options", "[decoder][wait]") {
  auto ev = call(SYS_wait4, {17686, kStack, 0, 0}, 17686);
  capture(ev, 0, SR_READ_BYTES, int_bytes(3 << 8), 4);
  auto args = decode_event(ev);
  CHECK(texts(args) == Texts{"17686", "[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]", "0", "NULL"});
  CHECK(args[1].at_exit);
  CHECK(json_of(ev).find(R"("args":[17686,768,0,null])") != std::string::npos);
  capture(ev, 0, SR_READ_BYTES, int_bytes(SIGSEGV | 0x80), 4);
  ev.args[2] = __WALL;
  CHECK(texts(decode_event(ev))[1] == "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]");
  CHECK(texts(decode_event(ev))[2] == "__WALL");
  capture(ev, 0, SR_READ_BYTES, int_bytes((SIGSTOP << 8) | 0x7f), 4);
  ev.args[2] = WUNTRACED;
  CHECK(texts(decode_event(ev))[1] == "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]");
  CHECK(texts(decode_event(ev))[2] == "WSTOPPED");
  capture(ev, 0, SR_READ_BYTES, int_bytes(0xffff), 4);
  ev.args[2] = WNOHANG | WCONTINUED;
  CHECK(texts(decode_event(ev))[1] == "[{WIFCONTINUED(s)}]");
  CHECK(texts(decode_event(ev))[2] == "WNOHANG|WCONTINUED");

  auto failed = call(SYS_wait4, {static_cast<uint64_t>(-1), kStack, WNOHANG, 0}, -10);
  CHECK(texts(decode_event(failed)) == Texts{"-1", "0x7ffc1000", "WNOHANG", "NULL"});
}

TEST_CASE("ioctl: the request by name or by its _IOC parts, the argument as a pointer", "[decoder][ioctl]") {
  // strace 6.1's lines for the same calls (tcgetattr and friends on a file and on /dev/null).
  const uint64_t kIntp = 0x7ffc5fa5d934;
  CHECK(line_of(call(SYS_ioctl, {1, 0x5401, 0x7ffc5fa5d8f0}, -ENOTTY)) ==
        "[pid  4242] ioctl(1, TCGETS, 0x7ffc5fa5d8f0) = -1 ENOTTY (Inappropriate ioctl for device)\n");
  CHECK(line_of(call(SYS_ioctl, {1, 0x5413, 0x7ffc5fa5d938}, 0)) == "[pid  4242] ioctl(1, TIOCGWINSZ, 0x7ffc5fa5d938) = 0\n");
  CHECK(line_of(call(SYS_ioctl, {0, 0x5451}, 0)) == "[pid  4242] ioctl(0, FIOCLEX) = 0\n");
  // cp --reflink's attempt, as strace 6.1 prints it: both names of the number, the source descriptor.
  CHECK(line_of(call(SYS_ioctl, {4, 0x40049409, 3}, -EOPNOTSUPP)) ==
        "[pid  4242] ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation not supported)\n");
  CHECK(line_of(call(SYS_ioctl, {0, 0x541b, kIntp}, 0)) == "[pid  4242] ioctl(0, FIONREAD, 0x7ffc5fa5d934) = 0\n");
  CHECK(line_of(call(SYS_ioctl, {0, 0xc0081234, kIntp}, -ENOTTY)) ==
        "[pid  4242] ioctl(0, _IOC(_IOC_READ|_IOC_WRITE, 0x12, 0x34, 0x8), 0x7ffc5fa5d934) = -1 ENOTTY "
        "(Inappropriate ioctl for device)\n");
  CHECK(line_of(call(SYS_ioctl, {0, 0x5499, 0}, -ENOTTY)) ==
        "[pid  4242] ioctl(0, _IOC(_IOC_NONE, 0x54, 0x99, 0), 0) = -1 ENOTTY (Inappropriate ioctl for device)\n");
  // The kernel reads the request as an unsigned int: the register's upper half is ignored.
  CHECK(line_of(call(SYS_ioctl, {3, 0xffffffff00008933, kIntp}, 0)) ==
        "[pid  4242] ioctl(3, SIOCGIFINDEX, 0x7ffc5fa5d934) = 0\n");
  auto ev = call(SYS_ioctl, {1, 0x5401, 0x7ffc5fa5d8f0}, 0);
  INFO(json_of(ev));
  CHECK(json_of(ev).find(R"("args":[1,"TCGETS","0x7ffc5fa5d8f0"])") != std::string::npos);
}
