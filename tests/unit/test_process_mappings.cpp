// trace -k's record of where processes had their code (trace/process_mappings.h).
#include <catch2/catch.hpp>

#include <unistd.h>

#include "trace/process_mappings.h"

using namespace sysray;

namespace {

Mapping mapping(uint64_t start, uint64_t end, uint64_t pgoff, const std::string& path) {
  Mapping m;
  m.start = start;
  m.end = end;
  m.pgoff = pgoff;
  m.path = path;
  return m;
}

}  // namespace

TEST_CASE("the mapping of an address, per process", "[stacks]") {
  ProcessMappings maps;
  maps.add(10, mapping(0x1000, 0x3000, 0, "/bin/a"));
  maps.add(10, mapping(0x7000, 0x8000, 0x2000, "/lib/b.so"));
  REQUIRE(maps.find(10, 0x1000));
  CHECK(maps.find(10, 0x2fff)->path == "/bin/a");
  CHECK_FALSE(maps.find(10, 0x3000));  // one past the end
  CHECK(maps.find(10, 0x7abc)->pgoff == 0x2000);
  CHECK_FALSE(maps.find(10, 0x0fff));
  CHECK_FALSE(maps.find(11, 0x1000));  // another process
}

TEST_CASE("a new mapping replaces what it overlaps, keeping the rest", "[stacks]") {
  ProcessMappings maps;
  maps.add(10, mapping(0x1000, 0x5000, 0x100000, "/lib/old.so"));
  maps.add(10, mapping(0x2000, 0x3000, 0, "/lib/new.so"));  // dlopen where old was unmapped
  CHECK(maps.find(10, 0x1fff)->path == "/lib/old.so");
  CHECK(maps.find(10, 0x2000)->path == "/lib/new.so");
  const Mapping* tail = maps.find(10, 0x3000);
  REQUIRE(tail);
  CHECK(tail->path == "/lib/old.so");
  CHECK(tail->start == 0x3000);
  CHECK(tail->pgoff == 0x102000);  // still the same file bytes
  // An exec's new image over all of it.
  maps.add(10, mapping(0x0, 0x10000, 0, "/bin/new"));
  CHECK(maps.find(10, 0x4000)->path == "/bin/new");
}

TEST_CASE("a forked process starts with its parent's mappings", "[stacks]") {
  ProcessMappings maps;
  maps.add(10, mapping(0x1000, 0x2000, 0, "/bin/a"));
  maps.forked(10, 20);
  maps.add(20, mapping(0x1000, 0x2000, 0, "/bin/b"));  // the child execs
  CHECK(maps.find(10, 0x1000)->path == "/bin/a");
  CHECK(maps.find(20, 0x1000)->path == "/bin/b");
  maps.forked(99, 30);  // a parent never seen: nothing known
  CHECK_FALSE(maps.knows(30));
}

TEST_CASE("/proc/PID/maps text: its executable lines", "[stacks]") {
  ProcessMappings maps;
  maps.add_proc_maps(10,
                     "55d0e1a00000-55d0e1a02000 r--p 00000000 fe:01 1311 /usr/bin/true\n"
                     "55d0e1a02000-55d0e1a06000 r-xp 00002000 fe:01 1311 /usr/bin/true\n"
                     "7f12a0028000-7f12a017d000 r-xp 00028000 fe:01 2622 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
                     "7ffd5a9f2000-7ffd5a9f4000 r-xp 00000000 00:00 0                          [vdso]\n"
                     "7ffd5a8d3000-7ffd5a8f4000 rw-p 00000000 00:00 0                          [stack]\n");
  CHECK_FALSE(maps.find(10, 0x55d0e1a00000));  // not executable
  const Mapping* t = maps.find(10, 0x55d0e1a02010);
  REQUIRE(t);
  CHECK(t->path == "/usr/bin/true");
  CHECK(t->pgoff == 0x2000);
  CHECK(t->inode == 1311);
  CHECK(t->dev_major == 0xfe);
  CHECK(t->dev_minor == 1);
  CHECK(maps.find(10, 0x7f12a0030000)->path == "/usr/lib/x86_64-linux-gnu/libc.so.6");
  CHECK(maps.find(10, 0x7ffd5a9f2100)->path == "[vdso]");
  CHECK_FALSE(maps.find(10, 0x7ffd5a8d4000));
}

TEST_CASE("a live process's maps seed what nothing reported yet", "[stacks]") {
  ProcessMappings maps;
  REQUIRE(maps.seed_from_proc(static_cast<uint32_t>(getpid())));
  auto here = reinterpret_cast<uint64_t>(&mapping);
  const Mapping* m = maps.find(static_cast<uint32_t>(getpid()), here);
  REQUIRE(m);
  CHECK(m->path.find("sysray-unit-tests") != std::string::npos);
  CHECK_FALSE(maps.seed_from_proc(0x7fffffff));  // no such process
}
