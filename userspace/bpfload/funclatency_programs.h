// The funclatency BPF programs (bpf/funclatency.bpf.c): one log2 histogram per kernel
// function, the entry and return probes attached by the chosen backend (FunctionProbes).
#pragma once
#include <sys/types.h>

#include <string>
#include <vector>

#include "bpfload/function_probes.h"
#include "format/latency_histogram.h"

struct funclatency_bpf;

namespace sysray {

struct FunclatencyConfig {
  std::vector<std::string> functions;  // slot i = functions[i]
  FuncBackend backend = FuncBackend::KprobeMulti;
  bool filter_pids = false;
  int cgroup_fd = -1;                  // --cgroup (-1: any)
  std::vector<pid_t> targets;
};

class FunclatencyPrograms {
 public:
  // Throws UserError when the object does not load or no function could be attached.
  explicit FunclatencyPrograms(const FunclatencyConfig& config);
  ~FunclatencyPrograms();
  FunclatencyPrograms(const FunclatencyPrograms&) = delete;
  FunclatencyPrograms& operator=(const FunclatencyPrograms&) = delete;

  void add_target(pid_t tgid);
  // Each function's histogram, summed over CPUs; `reset` zeroes them (for -i).
  std::vector<LatencyHistogram> read_histograms(bool reset);
  const FunctionProbes& probes() const { return probes_; }
  void detach() { probes_.detach(); }

 private:
  FunclatencyConfig config_;
  funclatency_bpf* skel_ = nullptr;
  FunctionProbes probes_;
  int ncpus_ = 1;
};

}  // namespace sysray
