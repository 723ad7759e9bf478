#include <fcntl.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>

#include "decode/flags.h"

using namespace sysray::decode;

// Expected strings are strace 6.1's output for the same arguments.

TEST_CASE("open flags: access mode first, then flags in strace's order", "[flags]") {
  CHECK(format_open_flags(O_RDONLY) == "O_RDONLY");
  CHECK(format_open_flags(O_WRONLY) == "O_WRONLY");
  CHECK(format_open_flags(O_RDWR) == "O_RDWR");
  CHECK(format_open_flags(O_ACCMODE) == "O_ACCMODE");
  CHECK(format_open_flags(O_WRONLY | O_CREAT | O_TRUNC) == "O_WRONLY|O_CREAT|O_TRUNC");
  CHECK(format_open_flags(O_RDONLY | O_CLOEXEC) == "O_RDONLY|O_CLOEXEC");
  CHECK(format_open_flags(O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_DIRECTORY) ==
        "O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY");
  CHECK(format_open_flags(O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_APPEND) ==
        "O_RDWR|O_CREAT|O_EXCL|O_NOCTTY|O_APPEND");
  CHECK(format_open_flags(O_DIRECT | O_DIRECTORY) == "O_RDONLY|O_DIRECT|O_DIRECTORY");
  CHECK(format_open_flags(O_NOFOLLOW | O_NOATIME | O_PATH) == "O_RDONLY|O_NOFOLLOW|O_NOATIME|O_PATH");
  CHECK(format_open_flags(0100000) == "O_RDONLY|O_LARGEFILE");  // 0 in glibc's 64-bit O_LARGEFILE
  CHECK(format_open_flags(O_ASYNC) == "O_RDONLY|FASYNC");
  CHECK(format_open_flags(O_ASYNC | O_CLOEXEC) == "O_RDONLY|O_CLOEXEC|FASYNC");
}

TEST_CASE("open flags: O_SYNC and O_TMPFILE contain other flags", "[flags]") {
  CHECK(format_open_flags(O_SYNC) == "O_RDONLY|O_SYNC");
  CHECK(format_open_flags(O_DSYNC) == "O_RDONLY|O_DSYNC");
  CHECK(format_open_flags(O_SYNC & ~O_DSYNC) == "O_RDONLY|__O_SYNC");
  CHECK(format_open_flags(O_DSYNC | O_CLOEXEC) == "O_RDONLY|O_DSYNC|O_CLOEXEC");
  CHECK(format_open_flags(O_RDWR | O_TMPFILE) == "O_RDWR|O_TMPFILE");
  CHECK(format_open_flags(O_TMPFILE & ~O_DIRECTORY) == "O_RDONLY|__O_TMPFILE");
}

TEST_CASE("open flags: unknown bits in hex", "[flags]") {
  CHECK(format_open_flags(O_RDONLY | 0x4) == "O_RDONLY|0x4");
  CHECK(format_open_flags(O_ACCMODE | 0x2000000) == "O_ACCMODE|0x2000000");
  CHECK(format_open_flags(0xffffffff) ==
        "O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|"
        "O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|0xff80003c");
}

TEST_CASE("dirfd and mode", "[flags]") {
  CHECK(format_dirfd(AT_FDCWD) == "AT_FDCWD");
  CHECK(format_dirfd(0xffffff9c) == "AT_FDCWD");  // an int: the upper half does not count
  CHECK(format_dirfd(3) == "3");
  CHECK(format_dirfd(-1) == "-1");
  CHECK(format_mode(0644) == "0644");
  CHECK(format_mode(0755) == "0755");
  CHECK(format_mode(0) == "000");
  CHECK(format_mode(01) == "001");
  CHECK(format_mode(07777) == "07777");
  CHECK(format_mode(0170777) == "0170777");
}

TEST_CASE("socket domain", "[flags]") {
  CHECK(format_socket_domain(AF_INET) == "AF_INET");
  CHECK(format_socket_domain(AF_INET6) == "AF_INET6");
  CHECK(format_socket_domain(AF_UNIX) == "AF_UNIX");
  CHECK(format_socket_domain(AF_NETLINK) == "AF_NETLINK");
  CHECK(format_socket_domain(45) == "AF_MCTP");
  CHECK(format_socket_domain(99) == "0x63 /* AF_??? */");
}

TEST_CASE("socket type: base type, then SOCK_CLOEXEC, SOCK_NONBLOCK", "[flags]") {
  CHECK(format_socket_type(SOCK_STREAM) == "SOCK_STREAM");
  CHECK(format_socket_type(SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK) ==
        "SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK");
  CHECK(format_socket_type(SOCK_RAW | SOCK_CLOEXEC) == "SOCK_RAW|SOCK_CLOEXEC");
  CHECK(format_socket_type(SOCK_PACKET) == "SOCK_PACKET");
  CHECK(format_socket_type(SOCK_SEQPACKET) == "SOCK_SEQPACKET");
  CHECK(format_socket_type(0) == "0");
  CHECK(format_socket_type(0xf) == "0xf /* SOCK_??? */");
  CHECK(format_socket_type(SOCK_STREAM | 0x40) == "SOCK_STREAM|0x40 /* SOCK_??? */");
  CHECK(format_socket_type(SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK | 0x100000) ==
        "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK|0x100000");
}

TEST_CASE("socket protocol depends on the domain", "[flags]") {
  CHECK(format_socket_protocol(AF_INET, 0) == "IPPROTO_IP");
  CHECK(format_socket_protocol(AF_INET6, 0) == "IPPROTO_IP");
  CHECK(format_socket_protocol(AF_INET, IPPROTO_TCP) == "IPPROTO_TCP");
  CHECK(format_socket_protocol(AF_INET6, IPPROTO_UDP) == "IPPROTO_UDP");
  CHECK(format_socket_protocol(AF_INET6, IPPROTO_ICMPV6) == "IPPROTO_ICMPV6");
  CHECK(format_socket_protocol(AF_INET, 115) == "IPPROTO_L2TP");
  CHECK(format_socket_protocol(AF_INET, 262) == "IPPROTO_MPTCP");
  CHECK(format_socket_protocol(AF_INET, 7) == "0x7 /* IPPROTO_??? */");
  CHECK(format_socket_protocol(AF_INET, 0xffffffff) == "0xffffffff /* IPPROTO_??? */");
  CHECK(format_socket_protocol(AF_UNIX, 0) == "0");
  CHECK(format_socket_protocol(AF_UNIX, 0xffffffff) == "4294967295");
  CHECK(format_socket_protocol(AF_NETLINK, 0) == "NETLINK_ROUTE");
  CHECK(format_socket_protocol(AF_NETLINK, 9) == "NETLINK_AUDIT");
  CHECK(format_socket_protocol(AF_NETLINK, 17) == "0x11 /* NETLINK_??? */");
  CHECK(format_socket_protocol(AF_PACKET, htons(0x0003)) == "htons(ETH_P_ALL)");
  CHECK(format_socket_protocol(AF_PACKET, htons(0x86dd)) == "htons(ETH_P_IPV6)");
  CHECK(format_socket_protocol(AF_PACKET, htons(0x1234)) == "htons(0x1234 /* ETH_P_??? */)");
  CHECK(format_socket_protocol(AF_PACKET, 0) == "htons(0 /* ETH_P_??? */)");
}

TEST_CASE("mmap prot", "[flags]") {
  CHECK(format_mmap_prot(PROT_NONE) == "PROT_NONE");
  CHECK(format_mmap_prot(PROT_READ | PROT_WRITE) == "PROT_READ|PROT_WRITE");
  CHECK(format_mmap_prot(PROT_READ | PROT_EXEC) == "PROT_READ|PROT_EXEC");
  CHECK(format_mmap_prot(PROT_GROWSDOWN) == "PROT_GROWSDOWN");
  CHECK(format_mmap_prot(0x10) == "0x10 /* PROT_??? */");
  CHECK(format_mmap_prot(0xffffffff) ==
        "PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|PROT_GROWSDOWN|PROT_GROWSUP|0xfcfffff0");
  CHECK(format_mmap_prot(0x100000007) == "PROT_READ|PROT_WRITE|PROT_EXEC|0x100000000");
}

TEST_CASE("mmap flags: type, flags in strace's order, huge page size", "[flags]") {
  CHECK(format_mmap_flags(MAP_PRIVATE | MAP_ANONYMOUS) == "MAP_PRIVATE|MAP_ANONYMOUS");
  CHECK(format_mmap_flags(MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE) ==
        "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE");
  CHECK(format_mmap_flags(MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK) ==
        "MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK");
  CHECK(format_mmap_flags(MAP_SHARED) == "MAP_SHARED");
  CHECK(format_mmap_flags(MAP_SHARED_VALIDATE) == "MAP_SHARED_VALIDATE");
  CHECK(format_mmap_flags(0) == "MAP_FILE");
  CHECK(format_mmap_flags(MAP_FIXED) == "MAP_FILE|MAP_FIXED");
  CHECK(format_mmap_flags(MAP_GROWSDOWN | MAP_NORESERVE) == "MAP_FILE|MAP_NORESERVE|MAP_GROWSDOWN");
  CHECK(format_mmap_flags(0x4) == "0x4 /* MAP_??? */");
  CHECK(format_mmap_flags(MAP_PRIVATE | 0x80) == "MAP_PRIVATE|0x80");
  CHECK(format_mmap_flags(MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21 << MAP_HUGE_SHIFT)) ==
        "MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT");
  CHECK(format_mmap_flags(0x100000002) == "MAP_PRIVATE");  // an int to the kernel
  CHECK(format_mmap_flags(0xffffffff) ==
        "0xf /* MAP_??? */|MAP_FIXED|MAP_ANONYMOUS|MAP_32BIT|MAP_NORESERVE|MAP_POPULATE|"
        "MAP_NONBLOCK|MAP_GROWSDOWN|MAP_DENYWRITE|MAP_EXECUTABLE|MAP_LOCKED|MAP_STACK|"
        "MAP_HUGETLB|MAP_SYNC|MAP_FIXED_NOREPLACE|0x3e00680|63<<MAP_HUGE_SHIFT");
}

TEST_CASE("clone flags: flags, then the exit signal", "[flags]") {
  CHECK(format_clone_flags(CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD) ==
        "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
  CHECK(format_clone_flags(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                           CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
                           CLONE_CHILD_CLEARTID) ==
        "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
        "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID");
  CHECK(format_clone_flags(CLONE_VM | CLONE_VFORK | SIGCHLD) == "CLONE_VM|CLONE_VFORK|SIGCHLD");
  CHECK(format_clone_flags(SIGCHLD) == "SIGCHLD");
  CHECK(format_clone_flags(0) == "0");
  CHECK(format_clone_flags(CLONE_SIGHAND | SIGKILL) == "CLONE_SIGHAND|SIGKILL");
  CHECK(format_clone_flags(CLONE_SIGHAND | 34) == "CLONE_SIGHAND|SIGRT_2");
  CHECK(format_clone_flags(CLONE_SIGHAND | 64) == "CLONE_SIGHAND|SIGRT_32");
  CHECK(format_clone_flags(CLONE_SIGHAND | 0xff) == "CLONE_SIGHAND|255");
}

TEST_CASE("clone flags: bits strace does not name", "[flags]") {
  CHECK(format_clone_flags(CLONE_SIGHAND | CLONE_DETACHED) == "CLONE_SIGHAND|0x400000");
  CHECK(format_clone_flags(CLONE_DETACHED) == "0x400000 /* CLONE_??? */");
  CHECK(format_clone_flags(0x100000000) == "0x100000000 /* CLONE_??? */");
  CHECK(format_clone_flags(0x100000011) == "0x100000000 /* CLONE_??? */|SIGCHLD");
  CHECK(format_clone_flags(CLONE_SIGHAND | 0x300000011) == "CLONE_SIGHAND|0x300000000|SIGCHLD");
}

// strace 6.1's output for raw clone(2), socket(2), mmap(2) and openat(2) calls with these values.
TEST_CASE("flags: more values checked against strace", "[flags]") {
  CHECK(format_clone_flags(32) == "SIGRTMIN");  // the kernel's SIGRTMIN has its own name
  CHECK(format_clone_flags(33) == "SIGRT_1");
  CHECK(format_clone_flags(65) == "65");
  CHECK(format_clone_flags(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
                           CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP) ==
        "CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|"
        "CLONE_NEWNET");
  CHECK(format_clone_flags(CLONE_PIDFD | CLONE_PTRACE | CLONE_PARENT | CLONE_UNTRACED |
                           CLONE_IO | SIGKILL) ==
        "CLONE_PIDFD|CLONE_PTRACE|CLONE_PARENT|CLONE_UNTRACED|CLONE_IO|SIGKILL");
  CHECK(format_clone_flags(CLONE_DETACHED | SIGCHLD) == "0x400000 /* CLONE_??? */|SIGCHLD");

  CHECK(format_socket_type(SOCK_CLOEXEC | SOCK_NONBLOCK | 0x100) ==
        "SOCK_CLOEXEC|SOCK_NONBLOCK|0x100");
  CHECK(format_socket_protocol(AF_NETLINK, 15) == "NETLINK_KOBJECT_UEVENT");
  CHECK(format_socket_protocol(AF_PACKET, htons(0x0800)) == "htons(ETH_P_IP)");
  CHECK(format_socket_protocol(AF_VSOCK, 0) == "0");

  CHECK(format_mmap_prot(0x8) == "PROT_SEM");
  CHECK(format_mmap_prot(PROT_READ | 0x100) == "PROT_READ|0x100");
  CHECK(format_mmap_flags(MAP_ANONYMOUS) == "MAP_FILE|MAP_ANONYMOUS");
  CHECK(format_mmap_flags(MAP_SHARED_VALIDATE | MAP_SYNC) == "MAP_SHARED_VALIDATE|MAP_SYNC");
  CHECK(format_mmap_flags(MAP_PRIVATE | (2 << MAP_HUGE_SHIFT)) == "MAP_PRIVATE|2<<MAP_HUGE_SHIFT");

  CHECK(format_open_flags(O_WRONLY | O_EXCL | 0x80000000) == "O_WRONLY|O_EXCL|0x80000000");
  CHECK(format_dirfd(0x100000005) == "5");
  CHECK(format_dirfd(-100) == "AT_FDCWD");
}
