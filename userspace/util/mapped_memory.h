// A read-only mapping (of a file, or of a BPF map's pages): unmapped exactly once, when the
// owner goes away.
#pragma once
#include <sys/mman.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <utility>

namespace sysray {

class MappedMemory {
 public:
  MappedMemory() = default;
  // Maps `size` bytes of `fd` from `offset`, read-only; valid() says whether it worked (errno
  // says why not).
  MappedMemory(int fd, size_t size, off_t offset = 0, int flags = MAP_SHARED) {
    void* addr = ::mmap(nullptr, size, PROT_READ, flags, fd, offset);
    if (addr != MAP_FAILED) {
      addr_ = addr;
      size_ = size;
    }
  }
  MappedMemory(MappedMemory&& other) noexcept
      : addr_(std::exchange(other.addr_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  MappedMemory& operator=(MappedMemory&& other) noexcept {
    if (this != &other) {
      unmap();
      addr_ = std::exchange(other.addr_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  MappedMemory(const MappedMemory&) = delete;
  MappedMemory& operator=(const MappedMemory&) = delete;
  ~MappedMemory() { unmap(); }

  bool valid() const { return addr_ != nullptr; }
  const uint8_t* data() const { return static_cast<const uint8_t*>(addr_); }
  size_t size() const { return size_; }

 private:
  void unmap() {
    if (addr_) ::munmap(addr_, size_);
    addr_ = nullptr;
  }
  void* addr_ = nullptr;
  size_t size_ = 0;
};

}  // namespace sysray
