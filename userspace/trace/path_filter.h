// trace -P PATH: only the calls that touch PATH, as strace's -P: a path argument naming it, a
// descriptor argument referring to it (AT_FDCWD does not count), or a descriptor returned
// for it. A symlink given as PATH also matches its target, as the kernel names open files by
// their target.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "decode/arg_decoder.h"
#include "trace/fd_paths.h"

namespace sysray {

class PathFilter {
 public:
  explicit PathFilter(const std::vector<std::string>& paths);

  // `args` annotated by FdPaths (their fd_path set); `ret_path` what after_call returned.
  bool matches(const SyscallEvent& ev, const std::vector<decode::DecodedArg>& args,
               const decode::SyscallSemantics& semantics, FdPaths& fds,
               std::string_view ret_path) const;

 private:
  bool wanted(std::string_view path) const;
  std::vector<std::string> paths_;
};

}  // namespace sysray
