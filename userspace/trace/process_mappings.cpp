#include "trace/process_mappings.h"

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace sysray {

void ProcessMappings::add(uint32_t pid, const Mapping& m) {
  if (m.end <= m.start) return;
  auto& maps = by_pid_[pid];
  // Cut the older mappings down to what the new one leaves of them.
  auto it = maps.lower_bound(m.start);
  if (it != maps.begin() && std::prev(it)->second.end > m.start) --it;
  while (it != maps.end() && it->second.start < m.end) {
    Mapping old = it->second;
    it = maps.erase(it);
    if (old.start < m.start) {
      Mapping head = old;
      head.end = m.start;
      maps.emplace(head.start, head);
    }
    if (old.end > m.end) {
      Mapping tail = old;
      tail.pgoff += m.end - old.start;
      tail.start = m.end;
      maps.emplace(tail.start, tail);
    }
  }
  maps.emplace(m.start, m);
}

void ProcessMappings::forked(uint32_t parent, uint32_t child) {
  auto it = by_pid_.find(parent);
  if (it != by_pid_.end()) by_pid_[child] = it->second;
}

const Mapping* ProcessMappings::find(uint32_t pid, uint64_t addr) const {
  auto p = by_pid_.find(pid);
  if (p == by_pid_.end()) return nullptr;
  auto it = p->second.upper_bound(addr);
  if (it == p->second.begin()) return nullptr;
  --it;
  return addr < it->second.end ? &it->second : nullptr;
}

void ProcessMappings::add_proc_maps(uint32_t pid, const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    // 7f12a000-7f12c000 r-xp 00028000 fe:01 1234 /usr/lib/x86_64-linux-gnu/libc.so.6
    Mapping m;
    char perms[5] = {};
    unsigned major = 0, minor = 0;
    int path_at = 0;
    if (std::sscanf(line.c_str(), "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %x:%x %" SCNu64 " %n",
                    &m.start, &m.end, perms, &m.pgoff, &major, &minor, &m.inode, &path_at) < 7)
      continue;
    if (perms[2] != 'x') continue;
    m.dev_major = major;
    m.dev_minor = minor;
    if (path_at > 0 && static_cast<size_t>(path_at) <= line.size()) m.path = line.substr(path_at);
    add(pid, m);
  }
}

bool ProcessMappings::seed_from_proc(uint32_t pid) {
  if (knows(pid)) return true;
  std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  add_proc_maps(pid, text.str());
  return knows(pid);
}

}  // namespace sysray
