#include "trace/path_filter.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>

#include <algorithm>

namespace sysray {

using decode::ArgStyle;

PathFilter::PathFilter(const std::vector<std::string>& paths) {
  for (const auto& p : paths) {
    paths_.push_back(p);
    char buf[PATH_MAX];
    if (realpath(p.c_str(), buf) && p != buf) paths_.push_back(buf);
  }
}

bool PathFilter::wanted(std::string_view path) const {
  return std::find(paths_.begin(), paths_.end(), path) != paths_.end();
}

bool PathFilter::matches(const SyscallEvent& ev, const std::vector<decode::DecodedArg>& args,
                         const decode::SyscallSemantics& semantics, FdPaths& fds,
                         std::string_view ret_path) const {
  if (wanted(ret_path)) return true;
  for (size_t i = 0; i < args.size(); ++i) {
    const decode::DecodedArg& a = args[i];
    bool at_fdcwd = i < 6 && static_cast<int32_t>(ev.args[i]) == AT_FDCWD;
    if (!a.fd_path.empty() && !at_fdcwd && wanted(a.fd_path)) return true;
    for (const auto& item : a.items)
      if (wanted(item.fd_path)) return true;
    if (i >= semantics.nargs || semantics.args[i].style != ArgStyle::Path ||
        a.kind != decode::DecodedArg::Kind::String)
      continue;
    if (wanted(a.bytes)) return true;
    int dirfd = AT_FDCWD;  // openat's path is relative to the descriptor before it
    if (i > 0 && semantics.args[i - 1].style == ArgStyle::Dirfd)
      dirfd = static_cast<int32_t>(ev.args[i - 1]);
    if (wanted(fds.resolve(ev.pid, dirfd, a.bytes))) return true;
  }
  return false;
}

}  // namespace sysray
