// funccount --stacks: the counted kernel stacks, symbolized from /proc/kallsyms and grouped per
// counter slot, most hits first.
#pragma once
#include <string>
#include <vector>

#include "bpfload/kernel_stack_counts.h"
#include "format/funccount_report.h"
#include "kernel/kernel_symbols.h"

namespace sysray {

// One list per slot in [0, slots), each sorted by hits, descending. Leading frames of BPF
// programs and trampolines (module "bpf": sysray's own) are left out.
std::vector<std::vector<CountedStack>> stacks_per_slot(const std::vector<RawStackCount>& raw,
                                                       size_t slots, const KernelSymbols& symbols);

// Why bpf_get_stackid failed with `err` (a negative errno), as funccount prints it.
std::string stackid_error_reason(int err);

}  // namespace sysray
