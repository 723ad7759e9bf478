// trace -k: where each traced process had its code mapped, as the kernel reported it (mmap
// events) or /proc/PID/maps said, kept after the process exits: stacks print after their call
// returned, often after a short command ended. Only executable mappings are kept.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

namespace sysray {

struct Mapping {
  uint64_t start = 0;
  uint64_t end = 0;     // one past the last byte
  uint64_t pgoff = 0;   // file offset of `start`
  uint64_t inode = 0;
  uint32_t dev_major = 0;
  uint32_t dev_minor = 0;
  std::string path;     // "[vdso]" and the like for special mappings
};

class ProcessMappings {
 public:
  // A new mapping of `pid`: it replaces the parts of older ones it overlaps (an exec's new
  // image, a library loaded where another was).
  void add(uint32_t pid, const Mapping& m);
  // A new process: it starts with its parent's mappings (fork copies the address space).
  void forked(uint32_t parent, uint32_t child);
  // Reads /proc/PID/maps when nothing is known of `pid` yet (a process that existed before
  // sysray started); false when it cannot be read.
  bool seed_from_proc(uint32_t pid);
  // Adds the executable lines of a /proc/PID/maps text.
  void add_proc_maps(uint32_t pid, const std::string& text);
  bool knows(uint32_t pid) const { return by_pid_.count(pid) != 0; }
  // `pid` exec'd: a new image comes (its mappings follow as add()s).
  void execed(uint32_t pid) { ++images_[pid]; }
  // How many times `pid` exec'd since sysray started: what was learned of its code before
  // belongs to another program.
  uint32_t image(uint32_t pid) const {
    auto it = images_.find(pid);
    return it == images_.end() ? 0 : it->second;
  }

  // The mapping of `addr` in `pid`.
  const Mapping* find(uint32_t pid, uint64_t addr) const;

 private:
  std::unordered_map<uint32_t, std::map<uint64_t, Mapping>> by_pid_;  // by start
  std::unordered_map<uint32_t, uint32_t> images_;
};

}  // namespace sysray
