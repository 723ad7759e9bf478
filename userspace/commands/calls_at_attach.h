// trace -p: the calls the targets' threads are already in when the programs attach. strace
// prints them at once ("read(3,  <unfinished ...>") and later their "<... read resumed>"; the
// BPF side alone would drop their exits as calls it never saw enter. A task-iterator snapshot
// (the one `inflight` takes) gives each blocked thread's call; it is parked in the BPF
// `parked` map, so its exit is joined like any blocked call's, and its enter goes to the joiner.
#pragma once
#include <sys/types.h>

#include <vector>

#include "bpfload/syscall_programs.h"
#include "decode/arg_decoder.h"
#include "trace/syscall_event.h"

namespace sysray {

// The enter events to give the joiner, oldest first (none when `show_enters` is false: --failed
// and -z decide at the exit whether a call shows, and then print it whole). A kernel that has no
// task iterator gets one line on stderr saying these calls will not show.
std::vector<SyscallEvent> park_calls_at_attach(SyscallPrograms& programs,
                                               const std::vector<pid_t>& pids,
                                               const decode::ArgDecoder& decoder, uint32_t snaplen,
                                               bool show_enters);

}  // namespace sysray
