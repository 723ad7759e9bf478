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
#include "sysray/events.h"
#include "kernel/privileges.h"
#include "util/user_error.h"

namespace sysray {

namespace {
// BCC's stackcount defaults: distinct stacks, and (slot, stack[, comm]) keys.
constexpr uint32_t kStackMapEntries = 16384;
constexpr uint32_t kStackCountEntries = 16384;
// --user: a hit with its stack takes 8 KiB or more (--stack-size).
constexpr uint32_t kUserHitsRing = 32u << 20;
}  // namespace

FunccountPrograms::FunccountPrograms(const FunccountConfig& config)
    : config_(config), functions_(config.backend, config.functions) {
  ncpus_ = std::max(1, libbpf_num_possible_cpus());
  skel_ = funccount_bpf__open();
  if (!skel_) throw UserError("cannot open the funccount BPF object: " + decode::errno_label(errno));
  skel_->rodata->filter_pids = config.filter_pids;
  skel_->rodata->filter_cgroup = config.cgroup_fd >= 0;
  size_t slots = config.functions.size() + config.tracepoints.size();
  attached_.assign(slots, false);
  bpf_map__set_max_entries(skel_->maps.counts, std::max<size_t>(1, slots));
  skel_->rodata->count_stacks = config.stacks;
  skel_->rodata->stacks_by_comm = config.stacks_by_comm;
  // Sized only with --stacks: a stack map preallocates every entry (1 KiB each).
  bpf_map__set_max_entries(skel_->maps.kstacks, config.stacks ? kStackMapEntries : 1);
  bpf_map__set_max_entries(skel_->maps.stack_counts, config.stacks ? kStackCountEntries : 1);
  bpf_map__set_max_entries(skel_->maps.stack_table_full, std::max<size_t>(1, slots));
  skel_->rodata->stack_bytes = config.stacks ? std::min<uint32_t>(config.user_stack_bytes, SR_STACK_MAX) : 0;
  if (skel_->rodata->stack_bytes) bpf_map__set_max_entries(skel_->maps.events, kUserHitsRing);

  bool functions = !config.functions.empty();
  bpf_program__set_autoload(skel_->progs.count_kprobe_multi,
                            functions && config.backend == FuncBackend::KprobeMulti);
  bpf_program__set_autoload(skel_->progs.count_kprobe,
                            functions && config.backend == FuncBackend::Kprobe);
  bpf_program__set_autoload(skel_->progs.count_fentry,
                            functions && config.backend == FuncBackend::Fentry);
  bpf_program__set_autoload(skel_->progs.count_tracepoint, !config.tracepoints.empty());
  if (functions && config.backend == FuncBackend::Fentry)
    set_first_fentry_target(skel_->progs.count_fentry, config.functions);
  // The constructor throws before the destructor can run: a failed step frees the object.
  auto fail = [&](std::string why, int exit_code) {
    funccount_bpf__destroy(skel_);
    skel_ = nullptr;
    throw UserError(std::move(why), exit_code);
  };
  if (config.shared_targets_fd >= 0)
    if (int err = bpf_map__reuse_fd(skel_->maps.targets, config.shared_targets_fd))
      fail("cannot share the targets map: " + decode::errno_label(-err), kExitRefused);
  if (int err = funccount_bpf__load(skel_))
    fail(fmt::format("the kernel refused the {} counting program: {}",
                     func_backend_name(config.backend), decode::errno_label(-err)),
         kExitRefused);
  for (pid_t pid : config.targets) add_target(pid);
  apply_cgroup_filter(skel_->maps.cgroup_filter, config.cgroup_fd);
  if (functions) attach_functions();
  attach_tracepoints();
  if (links_.empty() && !functions_.any_attached())
    fail(fmt::format("nothing could be attached ({}: {})", refused_.front().first,
                     refused_.front().second), kExitRefused);
}

FunccountPrograms::~FunccountPrograms() {
  detach();
  hits_.reset();
  if (skel_) funccount_bpf__destroy(skel_);
}

void FunccountPrograms::detach() {
  for (bpf_link* l : links_) bpf_link__destroy(l);
  links_.clear();
  functions_.detach();
}

void FunccountPrograms::refuse(const std::string& what, int err) {
  refused_.emplace_back(what, attach_refused(err));
}

void FunccountPrograms::add_target(pid_t tgid) {
  uint32_t key = tgid;
  uint8_t one = 1;
  bpf_map_update_elem(bpf_map__fd(skel_->maps.targets), &key, &one, BPF_ANY);
}

void FunccountPrograms::attach_functions() {
  bpf_program* prog = config_.backend == FuncBackend::KprobeMulti ? skel_->progs.count_kprobe_multi
                      : config_.backend == FuncBackend::Kprobe    ? skel_->progs.count_kprobe
                                                                  : skel_->progs.count_fentry;
  functions_.attach(prog, nullptr);
  for (size_t i = 0; i < config_.functions.size(); ++i) attached_[i] = functions_.attached(i);
  refused_.insert(refused_.end(), functions_.refused().begin(), functions_.refused().end());
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

KernelStackMaps FunccountPrograms::stack_maps() const {
  return {bpf_map__fd(skel_->maps.stack_counts), bpf_map__fd(skel_->maps.kstacks),
          bpf_map__fd(skel_->maps.stack_table_full), ncpus_};
}

std::vector<RawStackCount> FunccountPrograms::read_stacks(bool reset) {
  return read_kernel_stack_counts(stack_maps(), config_.functions.size() + config_.tracepoints.size(),
                                  reset);
}

void FunccountPrograms::open_hits(RingReader::SampleCallback cb) {
  hits_ = std::make_unique<RingReader>(bpf_map__fd(skel_->maps.events), std::move(cb));
}

void FunccountPrograms::poll_hits(int timeout_ms) {
  if (hits_) hits_->poll(timeout_ms);
}

uint64_t FunccountPrograms::lost_user_stacks() const {
  return sum_percpu_counter(bpf_map__fd(skel_->maps.lost_events), ncpus_);
}

}  // namespace sysray
