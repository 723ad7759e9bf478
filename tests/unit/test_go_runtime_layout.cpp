// The runtime layout inflight reads goroutines with (inflight/go_runtime_layout.h): from DWARF
// for an unstripped Go binary, from sysray's table of known releases for a stripped one. The
// table's entry for the Go that builds the test workloads (Debian 12's 1.19) must equal what
// that Go's own DWARF says; a release sysray does not know is named in the refusal.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fixtures/go_workloads.h"
#include "inflight/go_runtime_layout.h"
#include "inflight/go_struct_offsets.h"

using sysray::GoRuntimeLayout;
using sysray::GoStructOffsets;
using sysray::test::go_workload;

namespace {

GoRuntimeLayout load(const std::string& path) {
  std::string why;
  auto l = GoRuntimeLayout::load(path, &why);
  INFO(path << ": " << why);
  REQUIRE(l);
  return *l;
}

void check_same_offsets(const GoStructOffsets& a, const GoStructOffsets& b) {
  CHECK(a.g_size == b.g_size);
  CHECK(a.goid == b.goid);
  CHECK(a.atomicstatus == b.atomicstatus);
  CHECK(a.waitreason == b.waitreason);
  CHECK(a.waitsince == b.waitsince);
  CHECK(a.sched == b.sched);
  CHECK(a.syscallsp == b.syscallsp);
  CHECK(a.syscallpc == b.syscallpc);
  CHECK(a.gopc == b.gopc);
  CHECK(a.m == b.m);
  CHECK(a.lockedm == b.lockedm);
  CHECK(a.gobuf_sp == b.gobuf_sp);
  CHECK(a.gobuf_pc == b.gobuf_pc);
  CHECK(a.m_procid == b.m_procid);
  CHECK(a == b);
}

}  // namespace

TEST_CASE("the known layout of the workloads' Go release is what its DWARF says", "[go][inflight]") {
  GoRuntimeLayout dwarf = load(go_workload("goparked"));
  INFO("built by " << dwarf.go_version);
  REQUIRE(dwarf.go_version.starts_with("go1.19."));
  REQUIRE(dwarf.allgs != 0);  // from the symbol table
  REQUIRE(dwarf.wait_reason_count > 20);
  auto known = sysray::known_go_offsets(dwarf.go_version);
  REQUIRE(known);
  check_same_offsets(*known, dwarf);
}

TEST_CASE("a stripped Go binary gets the known layout; the variables are left to find",
          "[go][inflight]") {
  GoRuntimeLayout dwarf = load(go_workload("goparked"));
  for (const char* build : {"goparked-stripped", "goparked-pie-stripped", "goparked-pie-ext-stripped"}) {
    INFO(build);
    GoRuntimeLayout stripped = load(go_workload(build));
    CHECK(stripped.go_version == dwarf.go_version);
    check_same_offsets(stripped, dwarf);
    CHECK(stripped.allgs == 0);
    CHECK(stripped.wait_reasons == 0);
    CHECK(stripped.bss.size > 0);
    CHECK(stripped.data.size > 0);
  }
}

TEST_CASE("known Go releases match by release, not by prefix", "[go][inflight]") {
  CHECK(sysray::known_go_offsets("go1.19"));
  CHECK(sysray::known_go_offsets("go1.19.13"));
  CHECK_FALSE(sysray::known_go_offsets("go1.190"));
  CHECK_FALSE(sysray::known_go_offsets("go1.20.1"));
  CHECK_FALSE(sysray::known_go_offsets(""));
  CHECK(sysray::known_go_releases() == "go1.19");
}

TEST_CASE("a stripped binary of a Go release sysray does not know is refused by name",
          "[go][inflight]") {
  // The same binary with another version in .go.buildinfo (same length: nothing moves).
  std::ifstream in(go_workload("goparked-stripped"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  GoRuntimeLayout real = load(go_workload("goparked"));
  std::string fake = "go1.99" + real.go_version.substr(6);
  auto at = bytes.find(real.go_version, bytes.find("\xff Go buildinf:"));  // not runtime.buildVersion
  REQUIRE(at != std::string::npos);
  bytes.replace(at, real.go_version.size(), fake);
  auto path = std::filesystem::temp_directory_path() / "sysray-test-go199";
  std::ofstream(path, std::ios::binary) << bytes;
  std::string why;
  CHECK_FALSE(GoRuntimeLayout::load(path, &why));
  CHECK(why == "no DWARF for runtime.g (built with -ldflags=-w, or stripped), and sysray knows "
               "runtime.g's layout for go1.19 only, not " + fake);
  std::filesystem::remove(path);
}
