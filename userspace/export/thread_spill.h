// Per-thread output that a format must write grouped by thread (Gecko's markers, speedscope's
// events) while the input is ordered by time. Each thread's text collects in a small buffer;
// full buffers go to one unnamed temporary file, and only their (offset, length) stay in
// memory, so a 1 GB trace converts in a few MB whatever its number of calls.
#pragma once
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sysray::exporter {

class ThreadSpill {
 public:
  explicit ThreadSpill(size_t chunk_bytes = 64 * 1024);

  void append(int64_t key, std::string_view text);
  // Hands `key`'s text to `sink` in the order it was appended, in pieces.
  void replay(int64_t key, const std::function<void(std::string_view)>& sink);

 private:
  struct Chunk {
    long offset;
    size_t length;
  };
  struct Pending {
    std::string buffer;
    std::vector<Chunk> spilled;
  };
  void spill(Pending& p);

  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  size_t chunk_bytes_;
  std::unique_ptr<std::FILE, FileCloser> file_;  // opened at the first spill
  long file_size_ = 0;
  std::map<int64_t, Pending> pending_;
};

}  // namespace sysray::exporter
