// A running process's memory read through /proc/PID/mem: the kernel checks the same rights as
// for ptrace (root, or CAP_SYS_PTRACE), but the process is neither stopped nor attached.
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "util/unique_fd.h"

namespace sysray {

class ProcessMemory {
 public:
  explicit ProcessMemory(pid_t pid);
  bool readable() const { return static_cast<bool>(fd_); }

  // Up to `len` bytes at `addr`, stopping at the first page that cannot be read.
  std::string read(uint64_t addr, size_t len) const;
  // The NUL-terminated string at `addr`, NUL included, at most `max` bytes (then without it);
  // empty when nothing is readable.
  std::string read_string(uint64_t addr, size_t max) const;

 private:
  UniqueFd fd_;
};

// The little-endian integer of `width` bytes at `off` in bytes read from memory; 0 past the end
// (a short read).
inline uint64_t word_at(const std::string& bytes, uint64_t off, size_t width = 8) {
  uint64_t v = 0;
  if (off + width <= bytes.size()) std::memcpy(&v, bytes.data() + off, width);
  return v;
}

// The Go string whose header (data pointer, length) is `ptr` and `len`, read from `mem`;
// nullopt when it is longer than `max_len` or cannot be read whole.
inline std::optional<std::string> read_go_string(const ProcessMemory& mem, uint64_t ptr,
                                                 uint64_t len, uint64_t max_len) {
  if (len > max_len || (len && !ptr)) return std::nullopt;
  std::string s = mem.read(ptr, len);
  if (s.size() != len) return std::nullopt;
  return s;
}

}  // namespace sysray
