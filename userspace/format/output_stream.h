// Where a command's output goes (stdout or -o FILE), buffered: lines are appended to a memory
// buffer and written in large chunks, so that formatting 400k lines/s is not bound by write(2).
#pragma once
#include <fmt/format.h>

#include <cstdio>
#include <string>

namespace sysray {

class OutputStream {
 public:
  // "" = stdout. Throws UserError("cannot open -o FILE: reason").
  explicit OutputStream(const std::string& path);
  ~OutputStream();
  OutputStream(const OutputStream&) = delete;
  OutputStream& operator=(const OutputStream&) = delete;

  fmt::memory_buffer& buffer() { return buf_; }
  // Writes the buffer out when it is large; flush() always does. Throws UserError on EIO/ENOSPC.
  void maybe_flush() {
    if (buf_.size() >= kFlushBytes) flush();
  }
  void flush();

 private:
  static constexpr size_t kFlushBytes = 256 * 1024;
  FILE* file_;
  bool owned_;
  fmt::memory_buffer buf_;
};

}  // namespace sysray
