#include "bpfload/funclatency_programs.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

#include "bpfload/cgroup_filter.h"
#include "decode/errno_names.h"
#include "funclatency.skel.h"
#include "util/user_error.h"

namespace sysray {

FunclatencyPrograms::FunclatencyPrograms(const FunclatencyConfig& config)
    : config_(config), probes_(config.backend, config.functions) {
  ncpus_ = std::max(1, libbpf_num_possible_cpus());
  skel_ = funclatency_bpf__open();
  if (!skel_)
    throw UserError("cannot open the funclatency BPF object: " + decode::errno_label(errno));
  skel_->rodata->filter_pids = config.filter_pids;
  skel_->rodata->filter_cgroup = config.cgroup_fd >= 0;
  bpf_map__set_max_entries(skel_->maps.hists, std::max<size_t>(1, config.functions.size()));

  // The chosen backend's entry and return programs; the others stay unloaded.
  struct Pair {
    FuncBackend backend;
    bpf_program *entry, *ret;
  };
  const Pair pairs[] = {
      {FuncBackend::KprobeMulti, skel_->progs.lat_kprobe_multi, skel_->progs.lat_kretprobe_multi},
      {FuncBackend::Kprobe, skel_->progs.lat_kprobe, skel_->progs.lat_kretprobe},
      {FuncBackend::Fentry, skel_->progs.lat_fentry, skel_->progs.lat_fexit}};
  const Pair* chosen = nullptr;
  for (const auto& p : pairs) {
    bool on = p.backend == config.backend;
    bpf_program__set_autoload(p.entry, on);
    bpf_program__set_autoload(p.ret, on);
    if (on) chosen = &p;
  }
  try {
    if (config.backend == FuncBackend::Fentry) {
      set_first_fentry_target(chosen->entry, config.functions);
      set_first_fentry_target(chosen->ret, config.functions);
    }
    if (int err = funclatency_bpf__load(skel_))
      throw UserError(fmt::format("the kernel refused the {} timing programs: {}",
                                  func_backend_name(config.backend), decode::errno_label(-err)),
                      kExitRefused);
  } catch (...) {
    funclatency_bpf__destroy(skel_);
    skel_ = nullptr;
    throw;
  }
  for (pid_t pid : config.targets) add_target(pid);
  apply_cgroup_filter(skel_->maps.cgroup_filter, config.cgroup_fd);
  probes_.attach(chosen->entry, chosen->ret);
  bool any = false;
  for (size_t i = 0; i < config.functions.size(); ++i) any |= probes_.attached(i);
  if (!any) {
    const auto& why = probes_.refused();
    std::string reason = why.empty() ? "no function" : why.front().first + ": " + why.front().second;
    probes_.detach();
    funclatency_bpf__destroy(skel_);
    skel_ = nullptr;
    throw UserError(fmt::format("nothing could be attached ({})", reason), kExitRefused);
  }
}

FunclatencyPrograms::~FunclatencyPrograms() {
  probes_.detach();
  if (skel_) funclatency_bpf__destroy(skel_);
}

void FunclatencyPrograms::add_target(pid_t tgid) {
  uint32_t key = tgid;
  uint8_t one = 1;
  bpf_map_update_elem(bpf_map__fd(skel_->maps.targets), &key, &one, BPF_ANY);
}

std::vector<LatencyHistogram> FunclatencyPrograms::read_histograms(bool reset) {
  std::vector<LatencyHistogram> out(config_.functions.size());
  std::vector<sr_log2_hist> per_cpu(ncpus_);
  const std::vector<sr_log2_hist> zeros(reset ? ncpus_ : 0);
  int fd = bpf_map__fd(skel_->maps.hists);
  for (uint32_t i = 0; i < out.size(); ++i) {
    if (bpf_map_lookup_elem(fd, &i, per_cpu.data())) continue;
    out[i] = sum_per_cpu(per_cpu);
    if (reset && !out[i].empty()) bpf_map_update_elem(fd, &i, zeros.data(), BPF_ANY);
  }
  return out;
}

}  // namespace sysray
