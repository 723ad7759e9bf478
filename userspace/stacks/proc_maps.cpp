#include "stacks/proc_maps.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace sysray::stacks {

namespace {

constexpr std::string_view kDeletedSuffix = " (deleted)";

// Reads a hexadecimal (or decimal) number at the front of `s` and what ends it, if it is `sep`.
bool take_number(std::string_view& s, uint64_t& out, int base, char sep) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  if (ec != std::errc() || p == s.data()) return false;
  s.remove_prefix(static_cast<size_t>(p - s.data()));
  if (sep) {
    if (s.empty() || s.front() != sep) return false;
    s.remove_prefix(1);
  }
  return true;
}

void skip_spaces(std::string_view& s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
}

// "7f12a000-7f12c000 r-xp 00028000 fe:01 1234      /usr/lib/x86_64-linux-gnu/libc.so.6"
std::optional<MapEntry> parse_line(std::string_view s) {
  MapEntry m;
  uint64_t major = 0, minor = 0;
  if (!take_number(s, m.start, 16, '-') || !take_number(s, m.end, 16, ' ')) return std::nullopt;
  if (s.size() < 5 || s[4] != ' ') return std::nullopt;
  m.executable = s[2] == 'x';
  s.remove_prefix(5);
  if (!take_number(s, m.offset, 16, ' ') || !take_number(s, major, 16, ':') ||
      !take_number(s, minor, 16, ' ') || !take_number(s, m.inode, 10, 0))
    return std::nullopt;
  if (m.end <= m.start) return std::nullopt;
  m.dev_major = static_cast<uint32_t>(major);
  m.dev_minor = static_cast<uint32_t>(minor);
  skip_spaces(s);
  m.path = std::string(s);
  return m;
}

}  // namespace

bool MapEntry::deleted() const { return path.ends_with(kDeletedSuffix); }

std::string_view MapEntry::file() const {
  std::string_view p = path;
  if (deleted()) p.remove_suffix(kDeletedSuffix.size());
  return p;
}

ProcMaps ProcMaps::parse(std::string_view text, pid_t pid) {
  ProcMaps maps;
  maps.pid_ = pid;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (auto m = parse_line(line)) maps.entries_.push_back(std::move(*m));
  }
  // The kernel prints them in order; a hand-made text may not. Overlaps keep the first.
  std::stable_sort(maps.entries_.begin(), maps.entries_.end(),
                   [](const MapEntry& a, const MapEntry& b) { return a.start < b.start; });
  std::vector<MapEntry> kept;
  for (auto& m : maps.entries_)
    if (kept.empty() || m.start >= kept.back().end) kept.push_back(std::move(m));
  maps.entries_ = std::move(kept);
  return maps;
}

std::optional<ProcMaps> ProcMaps::read(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return std::nullopt;
  return parse(text.str(), pid);
}

const MapEntry* ProcMaps::find(uint64_t addr) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), addr,
                             [](uint64_t a, const MapEntry& m) { return a < m.start; });
  if (it == entries_.begin()) return nullptr;
  --it;
  return it->contains(addr) ? &*it : nullptr;
}

}  // namespace sysray::stacks
