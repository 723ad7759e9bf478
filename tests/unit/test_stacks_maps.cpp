// trace -k's process mappings (stacks/proc_maps.h): /proc/PID/maps text, kept as it was.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "stacks/proc_maps.h"

using namespace sysray::stacks;

namespace {

constexpr const char* kMaps =
    "55d0c8a00000-55d0c8a02000 r--p 00000000 fe:01 1311 /usr/bin/prog\n"
    "55d0c8a02000-55d0c8a05000 r-xp 00002000 fe:01 1311 /usr/bin/prog\n"
    "55d0c9000000-55d0c9021000 rw-p 00000000 00:00 0                          [heap]\n"
    "7f3a1c628000-7f3a1c64e000 r--p 00000000 fe:01 2048                       /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7f3a1c64e000-7f3a1c7a3000 r-xp 00026000 fe:01 2048                       /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7f3a1c900000-7f3a1c901000 r-xp 00001000 fe:01 99 /tmp/gone.so (deleted)\n"
    "7f3a1ca00000-7f3a1ca10000 rwxp 00000000 00:00 0 \n"
    "this line is not a mapping\n"
    "7ffd5e1f4000-7ffd5e1f6000 r-xp 00000000 00:00 0                          [vdso]\n"
    "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]";

}  // namespace

TEST_CASE("stacks: /proc/PID/maps lines are parsed field by field", "[stacks]") {
  ProcMaps maps = ProcMaps::parse(kMaps, 42);
  CHECK(maps.pid() == 42);
  REQUIRE(maps.entries().size() == 9);  // the malformed line is skipped
  const MapEntry& libc = maps.entries()[4];
  CHECK(libc.start == 0x7f3a1c64e000);
  CHECK(libc.end == 0x7f3a1c7a3000);
  CHECK(libc.offset == 0x26000);
  CHECK(libc.dev_major == 0xfe);
  CHECK(libc.dev_minor == 1);
  CHECK(libc.inode == 2048);
  CHECK(libc.executable);
  CHECK(libc.path == "/usr/lib/x86_64-linux-gnu/libc.so.6");
  CHECK(libc.is_file());
  CHECK_FALSE(maps.entries()[3].executable);
  CHECK(maps.entries()[2].path == "[heap]");
  CHECK_FALSE(maps.entries()[2].is_file());
  CHECK(maps.entries()[6].path.empty());  // anonymous
  CHECK(maps.entries()[6].executable);
  CHECK(maps.entries()[8].path == "[vsyscall]");
}

TEST_CASE("stacks: the mapping of an address, and the address relative to its object", "[stacks]") {
  ProcMaps maps = ProcMaps::parse(kMaps);
  const MapEntry* m = maps.find(0x7f3a1c64e000 + 0xe4dc7);
  REQUIRE(m);
  CHECK(m->path == "/usr/lib/x86_64-linux-gnu/libc.so.6");
  // strace's [0x...]: pc - start + file offset.
  CHECK(m->relative(0x7f3a1c64e000 + 0xe4dc7) == 0x10adc7);
  CHECK(maps.find(0x55d0c8a02000)->offset == 0x2000);
  CHECK(maps.find(0x55d0c8a04fff)->end == 0x55d0c8a05000);
  CHECK_FALSE(maps.find(0x55d0c8a05000 + 0x10000));  // a gap
  CHECK_FALSE(maps.find(0x1000));                     // below everything
  CHECK(maps.find(0x7ffd5e1f4c01)->relative(0x7ffd5e1f4c01) == 0xc01);  // [vdso]() [0xc01]
}

TEST_CASE("stacks: a deleted file keeps its path and says so", "[stacks]") {
  ProcMaps maps = ProcMaps::parse(kMaps);
  const MapEntry* m = maps.find(0x7f3a1c900010);
  REQUIRE(m);
  CHECK(m->deleted());
  CHECK(m->file() == "/tmp/gone.so");
  CHECK(m->path == "/tmp/gone.so (deleted)");
  CHECK_FALSE(maps.find(0x7f3a1c64e000)->deleted());
}

TEST_CASE("stacks: out-of-order and overlapping lines keep the first", "[stacks]") {
  ProcMaps maps = ProcMaps::parse(
      "3000-4000 r-xp 00000000 08:01 7 /b\n"
      "1000-2000 r-xp 00000000 08:01 6 /a\n"
      "1800-2800 r-xp 00000000 08:01 8 /overlap\n"
      "5000-4000 r-xp 00000000 08:01 9 /backwards\n");
  REQUIRE(maps.entries().size() == 2);
  CHECK(maps.find(0x1900)->path == "/a");
  CHECK(maps.find(0x3000)->path == "/b");
}

TEST_CASE("stacks: this process's own maps", "[stacks]") {
  auto maps = ProcMaps::read(getpid());
  REQUIRE(maps);
  CHECK(maps->pid() == getpid());
  const MapEntry* self = maps->find(reinterpret_cast<uint64_t>(&ProcMaps::parse));
  REQUIRE(self);
  CHECK(self->executable);
  CHECK(self->path.find("sysray-unit-tests") != std::string::npos);
  CHECK_FALSE(ProcMaps::read(0x7fffffff));  // no such process
}
