// Checks, before touching BPF, that this process may load tracing programs and that the
// kernel has what CO-RE needs, so that the user gets one clear line instead of a verifier dump.
#pragma once

namespace sysray {

struct Capabilities;

// Throws UserError naming what is missing: CAP_BPF+CAP_PERFMON (or root), kernel BTF.
void require_tracing_privileges();
bool can_trace(const Capabilities& caps);

}  // namespace sysray
