#include "util/tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sysray {
namespace {

constexpr const char* kDirs[] = {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"};

// AT_EACCESS: checked with the effective ids and capabilities, so that a non-root user holding
// CAP_DAC_READ_SEARCH counts as able to read it (plain access() drops capabilities for non-root).
bool readable(const std::string& path) {
  return faccessat(AT_FDCWD, path.c_str(), R_OK | X_OK, AT_EACCESS) == 0;
}

// There, or hidden by its directory's permissions (tracefs's root is 0700).
bool exists_or_hidden(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 || errno == EACCES;
}

}  // namespace

std::string tracefs_dir(bool mount_if_missing) {
  for (const char* dir : kDirs)
    if (readable(std::string(dir) + "/events")) return dir;
  if (mount_if_missing && geteuid() == 0 &&
      mount("nodev", "/sys/kernel/tracing", "tracefs", 0, nullptr) == 0)
    return "/sys/kernel/tracing";
  return "";
}

std::string tracefs_missing_reason() {
  for (const char* dir : kDirs)
    if (exists_or_hidden(std::string(dir) + "/events"))
      return std::string("this user cannot read ") + dir +
             ": it needs root or CAP_DAC_READ_SEARCH";
  if (geteuid() != 0)
    return "tracefs is not mounted, and mounting it needs root (mount -t tracefs nodev "
           "/sys/kernel/tracing)";
  return "tracefs is not mounted and could not be mounted at /sys/kernel/tracing";
}

}  // namespace sysray
