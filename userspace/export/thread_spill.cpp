#include "export/thread_spill.h"

#include <cerrno>

#include "util/user_error.h"
#include "util/errno_text.h"

namespace sysray::exporter {

ThreadSpill::ThreadSpill(size_t chunk_bytes) : chunk_bytes_(chunk_bytes) {}

void ThreadSpill::append(int64_t key, std::string_view text) {
  Pending& p = pending_[key];
  p.buffer.append(text);
  if (p.buffer.size() >= chunk_bytes_) spill(p);
}

void ThreadSpill::spill(Pending& p) {
  if (!file_) {
    file_.reset(std::tmpfile());
    if (!file_) throw UserError("cannot create a temporary file: " + errno_text(errno), kExitRefused);
  }
  if (std::fseek(file_.get(), file_size_, SEEK_SET) != 0 ||
      std::fwrite(p.buffer.data(), 1, p.buffer.size(), file_.get()) != p.buffer.size())
    throw UserError("cannot write the temporary file: " + errno_text(errno), kExitRefused);
  p.spilled.push_back({file_size_, p.buffer.size()});
  file_size_ += static_cast<long>(p.buffer.size());
  p.buffer.clear();
}

void ThreadSpill::replay(int64_t key, const std::function<void(std::string_view)>& sink) {
  auto it = pending_.find(key);
  if (it == pending_.end()) return;
  std::string piece;
  for (const Chunk& c : it->second.spilled) {
    piece.resize(c.length);
    if (std::fseek(file_.get(), c.offset, SEEK_SET) != 0 ||
        std::fread(piece.data(), 1, c.length, file_.get()) != c.length)
      throw UserError("cannot read back the temporary file", kExitRefused);
    sink(piece);
  }
  sink(it->second.buffer);
}

}  // namespace sysray::exporter
