#include "util/read_lines.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "util/unique_fd.h"

namespace sysray {

bool for_each_line(const char* path, const std::function<void(std::string_view)>& line) {
  UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return false;
  std::string buf(256 * 1024, '\0');
  size_t have = 0;  // bytes of buf holding an unfinished line
  for (;;) {
    if (have == buf.size()) buf.resize(buf.size() * 2);  // a line longer than the buffer
    ssize_t n = read(fd.get(), buf.data() + have, buf.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size_t end = have + static_cast<size_t>(n), start = 0;
    while (const void* nl = std::memchr(buf.data() + start, '\n', end - start)) {
      size_t pos = static_cast<const char*>(nl) - buf.data();
      line(std::string_view(buf.data() + start, pos - start));
      start = pos + 1;
    }
    have = end - start;
    std::memmove(buf.data(), buf.data() + start, have);
  }
  if (have > 0) line(std::string_view(buf.data(), have));
  return true;
}

}  // namespace sysray
