// trace -k: a process's address space as /proc/PID/maps described it. The caller keeps one per
// process and reads it again after an exec or an mmap: a process often exits before its calls
// print, and its stacks must still be named from the mappings it had.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace sysray::stacks {

struct MapEntry {
  uint64_t start = 0;
  uint64_t end = 0;     // one past the last byte
  uint64_t offset = 0;  // file offset of `start`
  uint32_t dev_major = 0;
  uint32_t dev_minor = 0;
  uint64_t inode = 0;
  bool executable = false;
  std::string path;  // as the kernel printed it: "[vdso]", "/x (deleted)", "" when anonymous

  bool contains(uint64_t addr) const { return addr >= start && addr < end; }
  // strace's "true offset": the address in the object's own file numbering.
  uint64_t relative(uint64_t addr) const { return addr - start + offset; }
  bool deleted() const;
  // The path without the kernel's " (deleted)" suffix.
  std::string_view file() const;
  // A real file (not "[vdso]", "[heap]" or anonymous memory).
  bool is_file() const { return !path.empty() && path[0] == '/'; }
};

class ProcMaps {
 public:
  ProcMaps() = default;
  // The lines of a /proc/PID/maps text; malformed lines are skipped. `pid` (0: none) is the
  // process the text came from, for reaching deleted files through /proc/PID/map_files.
  static ProcMaps parse(std::string_view text, pid_t pid = 0);
  // /proc/PID/maps now; nullopt when the process is gone or unreadable.
  static std::optional<ProcMaps> read(pid_t pid);

  // The mapping holding `addr`, or null.
  const MapEntry* find(uint64_t addr) const;
  const std::vector<MapEntry>& entries() const { return entries_; }
  pid_t pid() const { return pid_; }

 private:
  std::vector<MapEntry> entries_;  // by start, not overlapping
  pid_t pid_ = 0;
};

}  // namespace sysray::stacks
