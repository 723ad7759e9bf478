// errno names and messages, as strace 6.1 prints a failed call: "-1 EADDRINUSE (Address already
// in use)". Every expectation below was checked against `strace -e inject=getppid:error=N`.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "decode/errno_names.h"

using sysray::decode::errno_message;
using sysray::decode::errno_name;

namespace {

struct Known {
  int err;
  std::string_view name;
  std::string_view message;
};

void check_known(const Known& k) {
  INFO("errno " << k.err);
  CHECK(errno_name(k.err) == k.name);
  CHECK(errno_message(k.err) == k.message);
}

}  // namespace

TEST_CASE("errno: common codes by name and message", "[errno]") {
  const Known known[] = {
      {1, "EPERM", "Operation not permitted"},
      {2, "ENOENT", "No such file or directory"},
      {4, "EINTR", "Interrupted system call"},
      {9, "EBADF", "Bad file descriptor"},
      {13, "EACCES", "Permission denied"},
      {14, "EFAULT", "Bad address"},
      {17, "EEXIST", "File exists"},
      {22, "EINVAL", "Invalid argument"},
      {28, "ENOSPC", "No space left on device"},
      {32, "EPIPE", "Broken pipe"},
      {38, "ENOSYS", "Function not implemented"},
      {39, "ENOTEMPTY", "Directory not empty"},
      {61, "ENODATA", "No data available"},
      {98, "EADDRINUSE", "Address already in use"},
      {99, "EADDRNOTAVAIL", "Cannot assign requested address"},
      {101, "ENETUNREACH", "Network is unreachable"},
      {104, "ECONNRESET", "Connection reset by peer"},
      {110, "ETIMEDOUT", "Connection timed out"},
      {111, "ECONNREFUSED", "Connection refused"},
      {113, "EHOSTUNREACH", "No route to host"},
      {115, "EINPROGRESS", "Operation now in progress"},
      {122, "EDQUOT", "Disk quota exceeded"},
      {125, "ECANCELED", "Operation canceled"},
      {130, "EOWNERDEAD", "Owner died"},
      {133, "EHWPOISON", "Memory page has hardware error"},  // the last userspace errno
  };
  for (const auto& k : known) check_known(k);
}

TEST_CASE("errno: aliases print under strace's name", "[errno]") {
  // EWOULDBLOCK == EAGAIN, EDEADLOCK == EDEADLK, ENOTSUP == EOPNOTSUPP.
  check_known({11, "EAGAIN", "Resource temporarily unavailable"});
  check_known({35, "EDEADLK", "Resource deadlock avoided"});
  check_known({95, "EOPNOTSUPP", "Operation not supported"});
}

TEST_CASE("errno: kernel-internal codes a tracer sees", "[errno]") {
  // The restart codes, in strace's words ("= ? ERESTARTSYS (To be restarted ...)").
  check_known({512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"});
  check_known({513, "ERESTARTNOINTR", "To be restarted"});
  check_known({514, "ERESTARTNOHAND", "To be restarted if no handler"});
  check_known({516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"});
  // The others with glibc's strerror() text.
  check_known({515, "ENOIOCTLCMD", "Unknown error 515"});
  check_known({517, "EPROBE_DEFER", "Unknown error 517"});
  check_known({518, "EOPENSTALE", "Unknown error 518"});
  check_known({521, "EBADHANDLE", "Unknown error 521"});
  check_known({524, "ENOTSUPP", "Unknown error 524"});
  check_known({530, "ERECALLCONFLICT", "Unknown error 530"});
}

TEST_CASE("errno: numbers strace 6.1 has no name for give empty strings", "[errno]") {
  // strace prints these as "-1 (errno 519)"; the caller does the same with an empty name.
  for (int err : {0, -1, -98, 134, 200, 510, 511, 519, 520, 531, 532, 4095, 100000}) {
    INFO("errno " << err);
    CHECK(errno_name(err) == "");
    CHECK(errno_message(err) == "");
  }
}

TEST_CASE("errno_label: a name, kernel-internal ones too, or the number", "[errno]") {
  CHECK(sysray::decode::errno_label(98) == "EADDRINUSE");
  CHECK(sysray::decode::errno_label(524) == "ENOTSUPP");
  CHECK(sysray::decode::errno_label(4000) == "errno 4000");
}
