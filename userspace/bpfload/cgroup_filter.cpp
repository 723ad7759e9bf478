#include "bpfload/cgroup_filter.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/magic.h>
#include <sys/vfs.h>

#include <cerrno>

#include "util/errno_text.h"
#include "util/user_error.h"

namespace sysray {

UniqueFd open_cgroup(const std::string& path) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) throw UserError(fmt::format("--cgroup {}: {}", path, errno_text(errno)));
  struct statfs fs {};
  if (fstatfs(fd.get(), &fs) != 0 || fs.f_type != CGROUP2_SUPER_MAGIC)
    throw UserError(fmt::format("--cgroup {}: not a cgroup v2 directory (cgroup2 is often mounted "
                                "at /sys/fs/cgroup or /sys/fs/cgroup/unified)",
                                path));
  return fd;
}

void apply_cgroup_filter(bpf_map* map, int cgroup_fd) {
  if (cgroup_fd < 0) return;
  uint32_t slot = 0, value = static_cast<uint32_t>(cgroup_fd);
  if (bpf_map_update_elem(bpf_map__fd(map), &slot, &value, BPF_ANY))
    throw UserError(fmt::format("cannot filter by cgroup: {}", errno_text(errno)), kExitRefused);
}

}  // namespace sysray
