// `sysray inflight`'s BPF side (bpf/inflight.bpf.c) as one RAII object: loads the task iterator
// once, then each take() walks the kernel's tasks and returns the target processes' threads as
// the kernel has them right now. Nothing is attached to the processes themselves.
#pragma once
#include <sys/types.h>

#include <vector>

#include "sysray/inflight.h"

struct inflight_bpf;
struct bpf_link;

namespace sysray {

class ThreadSnapshots {
 public:
  // Throws UserError (one line) when the kernel refuses the iterator.
  explicit ThreadSnapshots(const std::vector<pid_t>& pids);
  ~ThreadSnapshots();
  ThreadSnapshots(const ThreadSnapshots&) = delete;
  ThreadSnapshots& operator=(const ThreadSnapshots&) = delete;

  std::vector<sr_thread_snapshot> take() const;

 private:
  inflight_bpf* skel_ = nullptr;
  bpf_link* link_ = nullptr;
};

}  // namespace sysray
