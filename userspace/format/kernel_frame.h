// How a kernel frame reads, wherever sysray prints one (inflight's stacks, funccount --stacks).
#pragma once
#include <string>

#include "kernel/kernel_symbols.h"

namespace sysray {

// "schedule+0x3d", "nf_hook_slow+0x41 [nf_tables]" for a module, "0xffffffffc0a01234" when no
// symbol names it: the names bpftrace's kstack and perf print.
std::string kernel_frame_label(const KernelFrame& f);

// The function name alone ("schedule"), or the address when unnamed: what a flame graph merges on.
std::string kernel_frame_function(const KernelFrame& f);

}  // namespace sysray
