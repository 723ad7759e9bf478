#include "probes/privileges.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

#include "util/user_error.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

namespace sysray {
namespace {

bool has_effective_cap(const __user_cap_data_struct (&data)[2], int cap) {
  return data[cap / 32].effective & (1u << (cap % 32));
}

}  // namespace

void require_tracing_privileges() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &header, data) != 0)
    throw UserError("cannot read this process's capabilities (capget failed)");
  bool admin = has_effective_cap(data, CAP_SYS_ADMIN);
  bool bpf_and_perfmon = has_effective_cap(data, CAP_BPF) && has_effective_cap(data, CAP_PERFMON);
  if (!admin && !bpf_and_perfmon)
    throw UserError(
        "permission denied: tracing needs root or CAP_BPF and CAP_PERFMON (run with sudo)", 1);
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
    throw UserError(
        "this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): sysray needs a kernel "
        "built with CONFIG_DEBUG_INFO_BTF=y", 1);
}

}  // namespace sysray
