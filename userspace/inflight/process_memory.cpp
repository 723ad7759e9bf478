#include "inflight/process_memory.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace sysray {

namespace {
constexpr uint64_t kPage = 4096;
}

ProcessMemory::ProcessMemory(pid_t pid)
    : fd_(::open(("/proc/" + std::to_string(pid) + "/mem").c_str(), O_RDONLY | O_CLOEXEC)) {}

std::string ProcessMemory::read(uint64_t addr, size_t len) const {
  std::string out;
  if (!fd_) return out;
  out.resize(len);
  size_t done = 0;
  // Page by page: a stack ends at its mapping's end, and pread fails as a whole there.
  while (done < len) {
    uint64_t at = addr + done;
    size_t chunk = std::min<uint64_t>(len - done, kPage - at % kPage);
    ssize_t n = ::pread(fd_.get(), out.data() + done, chunk, static_cast<off_t>(at));
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return out;
}

std::string ProcessMemory::read_string(uint64_t addr, size_t max) const {
  std::string out;
  while (out.size() < max) {
    uint64_t at = addr + out.size();
    std::string part = read(at, std::min<uint64_t>(max - out.size(), kPage - at % kPage));
    if (part.empty()) break;
    if (auto nul = part.find('\0'); nul != std::string::npos) return out.append(part, 0, nul + 1);
    out += part;
  }
  return out;
}

}  // namespace sysray
