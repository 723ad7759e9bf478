#include "bpfload/funccount_programs.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "bpfload/cgroup_filter.h"
#include "decode/errno_names.h"
#include "funccount.skel.h"
#include "util/user_error.h"

namespace sysray {

const char* func_backend_name(FuncBackend b) {
  switch (b) {
    case FuncBackend::KprobeMulti: return "kprobe-multi";
    case FuncBackend::Fentry: return "fentry";
    case FuncBackend::Kprobe: return "kprobe";
  }
  return "?";
}


FunccountPrograms::FunccountPrograms(const FunccountConfig& config) : config_(config) {
  ncpus_ = std::max(1, libbpf_num_possible_cpus());
  skel_ = funccount_bpf__open();
  if (!skel_) throw UserError("cannot open the funccount BPF object: " + decode::errno_label(errno));
  skel_->rodata->filter_pids = config.filter_pids;
  skel_->rodata->filter_cgroup = config.cgroup_fd >= 0;
  size_t slots = config.functions.size() + config.tracepoints.size();
  attached_.assign(slots, false);
  bpf_map__set_max_entries(skel_->maps.counts, std::max<size_t>(1, slots));

  bool functions = !config.functions.empty();
  bpf_program__set_autoload(skel_->progs.count_kprobe_multi,
                            functions && config.backend == FuncBackend::KprobeMulti);
  bpf_program__set_autoload(skel_->progs.count_kprobe,
                            functions && config.backend == FuncBackend::Kprobe);
  bpf_program__set_autoload(skel_->progs.count_fentry,
                            functions && config.backend == FuncBackend::Fentry);
  bpf_program__set_autoload(skel_->progs.count_tracepoint, !config.tracepoints.empty());
  if (functions && config.backend == FuncBackend::Fentry) {
    // The first function is the loaded program's own target; the others get copies.
    if (int err = bpf_program__set_attach_target(skel_->progs.count_fentry, 0,
                                                 config.functions[0].c_str()))
      throw UserError(fmt::format("fentry cannot target {}: {}", config.functions[0],
                                  decode::errno_label(-err)));
  }
  if (int err = funccount_bpf__load(skel_)) {
    std::string what = func_backend_name(config.backend);
    funccount_bpf__destroy(skel_);
    skel_ = nullptr;
    throw UserError(fmt::format("the kernel refused the {} counting program: {}", what,
                                decode::errno_label(-err)), kExitRefused);
  }
  for (pid_t pid : config.targets) add_target(pid);
  apply_cgroup_filter(skel_->maps.cgroup_filter, config.cgroup_fd);
  if (functions) attach_functions();
  attach_tracepoints();
  if (links_.empty() && raw_links_.empty())
    throw UserError(fmt::format("nothing could be attached ({}: {})", refused_.front().first,
                                refused_.front().second), kExitRefused);
}

FunccountPrograms::~FunccountPrograms() {
  detach();
  if (skel_) funccount_bpf__destroy(skel_);
}

void FunccountPrograms::detach() {
  for (bpf_link* l : links_) bpf_link__destroy(l);
  links_.clear();
  raw_links_.clear();      // closing a link fd detaches it
  fentry_copies_.clear();
}

void FunccountPrograms::refuse(const std::string& what, int err) {
  refused_.emplace_back(what, "attach refused: " + decode::errno_label(err));
}

void FunccountPrograms::add_target(pid_t tgid) {
  uint32_t key = tgid;
  uint8_t one = 1;
  bpf_map_update_elem(bpf_map__fd(skel_->maps.targets), &key, &one, BPF_ANY);
}

void FunccountPrograms::attach_functions() {
  switch (config_.backend) {
    case FuncBackend::KprobeMulti: attach_kprobe_multi(); break;
    case FuncBackend::Kprobe: attach_kprobes(); break;
    case FuncBackend::Fentry: attach_fentries(); break;
  }
}

void FunccountPrograms::attach_kprobe_multi() {
  // One link for every function: the point of kprobe.multi (one ftrace update, fast attach).
  std::vector<const char*> syms;
  std::vector<__u64> cookies;
  for (size_t i = 0; i < config_.functions.size(); ++i) {
    syms.push_back(config_.functions[i].c_str());
    cookies.push_back(i);
  }
  LIBBPF_OPTS(bpf_kprobe_multi_opts, opts, .syms = syms.data(), .cookies = cookies.data(),
              .cnt = syms.size());
  bpf_link* link = bpf_program__attach_kprobe_multi_opts(skel_->progs.count_kprobe_multi,
                                                          nullptr, &opts);
  if (!link) {
    refuse(fmt::format("{} functions (kprobe.multi)", syms.size()), errno);
    return;
  }
  links_.push_back(link);
  std::fill(attached_.begin(), attached_.begin() + syms.size(), true);
}

void FunccountPrograms::attach_kprobes() {
  for (size_t i = 0; i < config_.functions.size(); ++i) {
    LIBBPF_OPTS(bpf_kprobe_opts, opts, .bpf_cookie = i);
    bpf_link* link = bpf_program__attach_kprobe_opts(skel_->progs.count_kprobe,
                                                     config_.functions[i].c_str(), &opts);
    if (!link) {
      refuse(config_.functions[i], errno);
      continue;
    }
    links_.push_back(link);
    attached_[i] = true;
  }
}

void FunccountPrograms::attach_fentries() {
  bpf_program* prog = skel_->progs.count_fentry;
  btf* vmlinux = btf__load_vmlinux_btf();
  if (!vmlinux) throw UserError("fentry needs kernel BTF, which cannot be read", kExitRefused);
  const bpf_insn* insns = bpf_program__insns(prog);
  size_t insn_cnt = bpf_program__insn_cnt(prog);
  for (size_t i = 0; i < config_.functions.size(); ++i) {
    int prog_fd = bpf_program__fd(prog);
    if (i > 0) {
      int id = btf__find_by_name_kind(vmlinux, config_.functions[i].c_str(), BTF_KIND_FUNC);
      if (id < 0) {
        refused_.emplace_back(config_.functions[i], "no BTF entry for fentry");
        continue;
      }
      LIBBPF_OPTS(bpf_prog_load_opts, load, .expected_attach_type = BPF_TRACE_FENTRY,
                  .attach_btf_id = static_cast<__u32>(id));
      prog_fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "count_fentry", "GPL", insns, insn_cnt,
                              &load);
      if (prog_fd < 0) {
        refused_.emplace_back(config_.functions[i], "load refused: " + decode::errno_label(errno));
        continue;
      }
      fentry_copies_.emplace_back(prog_fd);
    }
    LIBBPF_OPTS(bpf_link_create_opts, lopts, .tracing = {.cookie = i});
    int link_fd = bpf_link_create(prog_fd, 0, BPF_TRACE_FENTRY, &lopts);
    if (link_fd < 0) {
      refuse(config_.functions[i], errno);
      continue;
    }
    raw_links_.emplace_back(link_fd);
    attached_[i] = true;
  }
  btf__free(vmlinux);
}

void FunccountPrograms::attach_tracepoints() {
  size_t base = config_.functions.size();
  for (size_t i = 0; i < config_.tracepoints.size(); ++i) {
    const auto& tp = config_.tracepoints[i];
    LIBBPF_OPTS(bpf_tracepoint_opts, opts, .bpf_cookie = base + i);
    bpf_link* link = bpf_program__attach_tracepoint_opts(
        skel_->progs.count_tracepoint, tp.category.c_str(), tp.event.c_str(), &opts);
    if (!link) {
      refuse(fmt::format("t:{}:{}", tp.category, tp.event), errno);
      continue;
    }
    links_.push_back(link);
    attached_[base + i] = true;
  }
}

std::vector<uint64_t> FunccountPrograms::read_counts(bool reset) {
  size_t slots = config_.functions.size() + config_.tracepoints.size();
  std::vector<uint64_t> out(slots);
  std::vector<uint64_t> per_cpu(ncpus_), zeros(ncpus_);
  int fd = bpf_map__fd(skel_->maps.counts);
  for (uint32_t i = 0; i < slots; ++i) {
    if (bpf_map_lookup_elem(fd, &i, per_cpu.data())) continue;
    for (uint64_t v : per_cpu) out[i] += v;
    if (reset && out[i]) bpf_map_update_elem(fd, &i, zeros.data(), BPF_ANY);
  }
  return out;
}

}  // namespace sysray
