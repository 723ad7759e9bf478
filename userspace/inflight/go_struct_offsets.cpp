#include "inflight/go_struct_offsets.h"

#include <array>
#include <utility>

namespace sysray {

namespace {

// The layouts of the releases whose runtime sysray has read: each entry's offsets are those the
// release's own DWARF gives (a unit test compares them with an unstripped build of the Go that
// builds the test workloads). A release changes runtime.g often; its patch releases do not.
struct KnownRelease {
  std::string_view release;  // "go1.19": matches "go1.19" and "go1.19.N"
  GoStructOffsets offsets;
};

const std::array kKnown = {
    KnownRelease{"go1.19", {.g_size = 392,
                            .goid = 152,
                            .atomicstatus = 144,
                            .waitreason = 176,
                            .waitsince = 168,
                            .sched = 56,
                            .syscallsp = 112,
                            .syscallpc = 120,
                            .gopc = 296,
                            .m = 48,
                            .lockedm = 232,
                            .gobuf_sp = 0,
                            .gobuf_pc = 8,
                            .m_procid = 72,
                            .md_ftab = 128,
                            .md_minpc = 160,
                            .md_maxpc = 168,
                            .md_gofunc = 304,
                            .inl_size = 20,
                            .inl_name = 12,
                            .inl_parent_pc = 16}},
};

bool same_release(std::string_view version, std::string_view release) {
  if (!version.starts_with(release)) return false;
  return version.size() == release.size() || version[release.size()] == '.';
}

}  // namespace

std::optional<GoStructOffsets> known_go_offsets(std::string_view version) {
  for (const auto& k : kKnown)
    if (same_release(version, k.release)) return k.offsets;
  return std::nullopt;
}

std::string known_go_releases() {
  std::string out;
  for (const auto& k : kKnown) {
    if (!out.empty()) out += ", ";
    out += k.release;
  }
  return out;
}

}  // namespace sysray
