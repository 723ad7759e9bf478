// The byte stream capture_writer writes and test_capture.cpp expects: pseudo-random bytes that
// depend only on their position (so a piece can be checked without the rest), cut into uneven
// writes (1 B .. 64 KiB, write or writev) by a fixed-seed plan.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace capture_stream {

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Bytes [offset, offset + n) of the stream.
inline std::string bytes(uint64_t offset, size_t n) {
  std::string out(n, '\0');
  for (size_t k = 0; k < n; ++k) {
    uint64_t i = offset + k;
    out[k] = static_cast<char>(splitmix64(0x5eed0000 + i / 8) >> (8 * (i % 8)));
  }
  return out;
}

// The writes, one after the other: sizes from 1 B to 64 KiB (small ones as often as large
// ones: the size's bit length is uniform), and whether each is a writev of several pieces.
class Plan {
 public:
  struct Write {
    size_t size;
    int pieces;  // 1: write(2); more: writev(2) with that many iovecs (an empty one among them)
  };
  Write next() {
    uint64_t r = splitmix64(state_++);
    size_t limit = size_t{1} << (r % 17);  // 1 .. 64 KiB
    size_t size = 1 + (r >> 8) % limit;
    int pieces = (r >> 40) % 2 ? 1 : 2 + int((r >> 48) % 4);
    return {size, pieces};
  }

 private:
  uint64_t state_ = 0xc0ffee;
};

}  // namespace capture_stream
