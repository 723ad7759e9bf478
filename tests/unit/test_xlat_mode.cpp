// strace's -X raw / verbose on decoded arguments (checked against strace 6.1 -X).
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/syscall.h>

#include "decode/xlat_mode.h"
#include "syscall_fixtures.h"
#include "util/user_error.h"

using namespace sysray;
using namespace sysray::test;

namespace {
std::string texts(decode::XlatMode mode, const SyscallEvent& ev) {
  auto args = decode_event(ev);
  decode::apply_xlat_mode(mode, args);
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : ", ") + a.text;
  return out;
}
}  // namespace

TEST_CASE("-X raw, verbose and abbrev", "[decode][xlat]") {
  auto ev = call(SYS_openat, {static_cast<uint64_t>(AT_FDCWD), kStack, O_RDONLY | O_CLOEXEC}, 3);
  capture_path(ev, 0, "/etc/ld.so.cache");
  CHECK(texts(decode::XlatMode::Abbrev, ev) == "AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC");
  CHECK(texts(decode::XlatMode::Raw, ev) == "-100, \"/etc/ld.so.cache\", 0x80000");
  CHECK(texts(decode::XlatMode::Verbose, ev) ==
        "-100 /* AT_FDCWD */, \"/etc/ld.so.cache\", 0x80000 /* O_RDONLY|O_CLOEXEC */");
  auto mmap = call(SYS_mmap, {0, 8192, 3, 0x22, static_cast<uint64_t>(-1), 0}, 0x7f0000000000);
  CHECK(texts(decode::XlatMode::Raw, mmap) == "NULL, 8192, 0x3, 0x22, -1, 0");
}

TEST_CASE("-X bad input", "[decode][xlat]") {
  CHECK_THROWS_WITH(decode::parse_xlat_mode("ful"), "unknown -X 'ful' (known: raw abbrev verbose)");
}
