#include "kernel/privileges.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/format.h>

#include <string>

#include <errno.h>

#include <fstream>

#include "decode/errno_names.h"
#include "kernel/features.h"
#include "util/user_error.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

namespace sysray {

Capabilities held_capabilities() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  Capabilities caps;
  if (syscall(SYS_capget, &header, data) != 0) return caps;
  auto has = [&](int cap) { return (data[cap / 32].effective & (1u << (cap % 32))) != 0; };
  caps.sys_admin = has(CAP_SYS_ADMIN);
  caps.bpf = has(CAP_BPF);
  caps.perfmon = has(CAP_PERFMON);
  return caps;
}

std::string attach_refused(int err) {
  std::string reason = "attach refused: " + decode::errno_label(err);
  if (err != EACCES || held_capabilities().sys_admin) return reason;
  std::ifstream in("/proc/sys/kernel/perf_event_paranoid");
  int paranoid = 0;
  if (in >> paranoid && paranoid >= 3)
    reason += " (kernel.perf_event_paranoid is 3 here: perf events need CAP_SYS_ADMIN)";
  return reason;
}

bool can_trace(const Capabilities& caps) { return caps.sys_admin || (caps.bpf && caps.perfmon); }

// "CAP_BPF and CAP_PERFMON", "CAP_PERFMON": what a non-root process lacks to trace.
std::string missing_tracing_capabilities(const Capabilities& caps) {
  if (!caps.bpf && !caps.perfmon) return "CAP_BPF and CAP_PERFMON";
  return caps.bpf ? "CAP_PERFMON" : "CAP_BPF";
}

void require_tracing_privileges() {
  Capabilities caps = held_capabilities();
  if (!can_trace(caps))
    throw UserError(fmt::format("permission denied: tracing needs root, or CAP_BPF and CAP_PERFMON "
                                "(this process lacks {}; see README, Privileges)",
                                missing_tracing_capabilities(caps)),
                    kExitRefused);
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
    throw UserError(
        "this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): sysray needs a kernel "
        "built with CONFIG_DEBUG_INFO_BTF=y", kExitRefused);
}

}  // namespace sysray
