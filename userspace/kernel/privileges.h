// Checks, before touching BPF, that this process may load tracing programs and that the
// kernel has what CO-RE needs, so that the user gets one clear line instead of a verifier dump.
#pragma once
#include <string>

namespace sysray {

struct Capabilities;

// Throws UserError naming what is missing: CAP_BPF+CAP_PERFMON (or root), kernel BTF.
void require_tracing_privileges();
bool can_trace(const Capabilities& caps);

// "attach refused: EACCES", with the reason when it is known: kernels patched as Debian's
// (kernel.perf_event_paranoid = 3) refuse perf events, which tracepoint and kprobe attachments
// use, to anyone without CAP_SYS_ADMIN, whatever CAP_PERFMON says.
std::string attach_refused(int err);

}  // namespace sysray
