#include "format/output_stream.h"

#include <cerrno>

#include "util/errno_text.h"
#include "util/user_error.h"

namespace sysray {

OutputStream::OutputStream(const std::string& path)
    : file_(path.empty() ? stdout : std::fopen(path.c_str(), "we")), owned_(!path.empty()) {
  if (!file_) throw UserError("cannot open -o " + path + ": " + errno_text(errno));
}

OutputStream::~OutputStream() {
  try {
    flush();
  } catch (...) {
    // Destruction during error handling: the first error was already reported.
  }
  if (owned_) std::fclose(file_);
}

void OutputStream::flush() {
  if (buf_.size() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
    buf_.clear();
    throw UserError("writing the output failed: " + errno_text(errno), kExitRefused);
  }
  buf_.clear();
  std::fflush(file_);
}

}  // namespace sysray
