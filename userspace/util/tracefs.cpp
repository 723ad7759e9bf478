#include "util/tracefs.h"

#include <sys/mount.h>
#include <unistd.h>

namespace sysray {

std::string tracefs_dir(bool mount_if_missing) {
  for (const char* dir : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"})
    if (access((std::string(dir) + "/events").c_str(), R_OK) == 0) return dir;
  if (mount_if_missing && geteuid() == 0 &&
      mount("nodev", "/sys/kernel/tracing", "tracefs", 0, nullptr) == 0)
    return "/sys/kernel/tracing";
  return "";
}

}  // namespace sysray
