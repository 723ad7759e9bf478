#include "bpfload/syscall_programs.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "bpfload/percpu_hash.h"
#include "syscalls.skel.h"
#include "trace/record_batch.h"
#include "util/errno_text.h"
#include "util/message.h"
#include "util/user_error.h"

namespace sysray {

const char* backend_name(SyscallBackend b) {
  switch (b) {
    case SyscallBackend::TpBtf: return "tp_btf";
    case SyscallBackend::RawTp: return "raw_tp";
    case SyscallBackend::Auto: break;
  }
  return "auto";
}

namespace {

// The programs of one attach flavour, in the order they must attach: sched_switch and fork
// first so that no syscall entered after sys_enter attaches can be switched out unseen.
std::vector<bpf_program*> programs_of(syscalls_bpf* s, SyscallBackend b) {
  if (b == SyscallBackend::TpBtf)
    return {s->progs.sched_switch_btf, s->progs.sched_fork_btf,   s->progs.sched_free_btf,
            s->progs.sched_exit_btf,   s->progs.tick_btf,         s->progs.sched_exec_btf,
            s->progs.signal_deliver_btf, s->progs.sys_exit_btf,   s->progs.sys_enter_btf};
  return {s->progs.sched_switch_raw, s->progs.sched_fork_raw,   s->progs.sched_free_raw,
          s->progs.sched_exit_raw,   s->progs.tick_raw,         s->progs.sched_exec_raw,
          s->progs.signal_deliver_raw, s->progs.sys_exit_raw,   s->progs.sys_enter_raw};
}

// signal_deliver is only loaded when it has signals to report, the tick when there are batches.
bool wanted(syscalls_bpf* s, bpf_program* p, const SyscallProgramConfig& config) {
  if (p == s->progs.signal_deliver_btf || p == s->progs.signal_deliver_raw)
    return !config.count_mode && config.signals != 0;
  if (p == s->progs.tick_btf || p == s->progs.tick_raw) return !config.count_mode;
  return true;
}

}  // namespace

SyscallPrograms::SyscallPrograms(const SyscallProgramConfig& config) : config_(config) {
  if (config.backend != SyscallBackend::Auto)
    load_attach(config.backend);
  else
    tp_btf_or_raw_tp([&](bool btf) { load_attach(btf ? SyscallBackend::TpBtf : SyscallBackend::RawTp); },
                     [&] { destroy(); });
}

SyscallPrograms::~SyscallPrograms() { destroy(); }

void SyscallPrograms::destroy() {
  release();
  if (skel_) syscalls_bpf__destroy(skel_);  // detaches every link, closes every map
  skel_ = nullptr;
}

void SyscallPrograms::load_attach(SyscallBackend backend) {
  backend_ = backend;
  skel_ = syscalls_bpf__open();
  if (!skel_) throw UserError("cannot open the BPF object: " + errno_text(errno), kExitRefused);

  for (auto b : {SyscallBackend::TpBtf, SyscallBackend::RawTp})
    for (bpf_program* p : programs_of(skel_, b))
      bpf_program__set_autoload(p, b == backend && wanted(skel_, p, config_));

  auto* ro = skel_->rodata;
  ro->count_mode = config_.count_mode;
  ro->latency_hist = config_.count_mode && config_.latency;
  ro->by_comm = config_.count_mode && config_.comm_keys > 0;
  ro->filter_pids = config_.filter_pids;
  ro->filter_cgroup = config_.cgroup_fd >= 0;
  ro->follow_forks = config_.follow_forks;
  ro->only_failed = config_.only_failed;
  ro->only_succeeded = config_.only_succeeded;
  ro->self_tgid = static_cast<uint32_t>(getpid());
  ro->snaplen = std::min<uint32_t>(config_.snaplen, SR_CAP_MAX);
  ro->stack_bytes = config_.count_mode ? 0 : std::min<uint32_t>(config_.stack_bytes, SR_STACK_MAX);
  ro->enter_times = config_.enter_times;
  ro->report_exits = config_.report_exits;
  ro->signal_mask = config_.signals;
  for (size_t nr = 0; nr < SR_MAX_SYSCALLS; ++nr)
    if (config_.syscalls.test(nr)) ro->syscall_mask[nr / 64] |= 1ull << (nr % 64);

  // Counting sends nothing through the ring: keep it at the minimum so start-up stays fast.
  uint32_t ring = config_.count_mode ? 4096 : config_.ring_bytes;
  bpf_map__set_max_entries(skel_->maps.events, ring);
  bpf_map__set_max_entries(skel_->maps.latency, ro->latency_hist ? SR_MAX_SYSCALLS : 1);
  bpf_map__set_max_entries(skel_->maps.comm_counts, ro->by_comm ? config_.comm_keys : 1);
  bpf_map__set_max_entries(skel_->maps.comm_overflow, ro->by_comm ? SR_MAX_SYSCALLS : 1);
  bpf_map__set_max_entries(skel_->maps.batch_floor, static_cast<uint32_t>(ncpus_));

  if (int err = syscalls_bpf__load(skel_))
    throw UserError(fmt::format("the kernel refused sysray's {} programs: {}",
                                backend_name(backend), errno_text(-err)),
                    kExitRefused);
  loaded_skeleton(skel_, config_.targets, config_.cgroup_fd);
  if (!config_.count_mode) map_batch_floors();
  fill_captures();
  attach_all(programs_of(skel_, backend_), backend_name(backend_));
}

void SyscallPrograms::map_batch_floors() {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t bytes = (sizeof(uint64_t) * ncpus_ + page - 1) / page * page;
  batch_floors_ = MappedMemory(bpf_map__fd(skel_->maps.batch_floor), bytes);
  if (!batch_floors_.valid())
    throw UserError("cannot map the BPF batch_floor array: " + errno_text(errno), kExitRefused);
}

SyscallPrograms::SentMark SyscallPrograms::sent_mark() const {
  // The counter first: a record numbered below it whose CPU shows an empty batch afterwards
  // has been sent; one still in its batch holds that CPU's floor at or below its number.
  SentMark mark;
  mark.seq = __atomic_load_n(&skel_->bss->event_seq, __ATOMIC_ACQUIRE);
  const auto* floors = reinterpret_cast<const uint64_t*>(batch_floors_.data());
  for (int cpu = 0; cpu < ncpus_; ++cpu)
    if (uint64_t floor = __atomic_load_n(&floors[cpu], __ATOMIC_ACQUIRE)) mark.seq = std::min(mark.seq, floor - 1);
  mark.ring_pos = ring_write_pos();
  return mark;
}

void SyscallPrograms::fill_captures() {
  if (config_.count_mode) return;
  int fd = bpf_map__fd(skel_->maps.syscall_captures);
  for (uint32_t nr = 0; nr < config_.captures.size() && nr < SR_MAX_SYSCALLS; ++nr) {
    if (config_.captures[nr].cap[0].read == SR_READ_NONE) continue;
    bpf_map_update_elem(fd, &nr, &config_.captures[nr], BPF_ANY);
  }
}

void SyscallPrograms::set_record_callback(RecordCallback cb) {
  on_record_ = std::move(cb);
  // A ring sample is one CPU's batch of records, or one stack (trace -k).
  open_ring([this](const void* data, size_t size) { split_record_batch(data, size, on_record_); }, on_stack_);
}

void SyscallPrograms::finish() {
  detach_all();
  if (!on_record_ || !skel_) return;
  consume();
  // Records that never left their CPU's batch are newer than anything that CPU sent.
  size_t value_size = bpf_map__value_size(skel_->maps.slots);
  size_t stride = (value_size + 7) & ~size_t{7};
  std::vector<uint8_t> values(stride * ncpus_);
  uint32_t zero = 0;
  if (bpf_map_lookup_elem(bpf_map__fd(skel_->maps.slots), &zero, values.data())) {
    // Not silent: those records are lost, and the user must know the trace's end is missing.
    print_message("could not read the last unsent records: {}", errno_text(errno));
    return;
  }
  for (int cpu = 0; cpu < ncpus_; ++cpu) {
    const uint8_t* slot = values.data() + stride * cpu;
    sr_batch_state batch;
    std::memcpy(&batch, slot, sizeof(batch));
    size_t len = std::min<size_t>(batch.len, SR_BATCH_BYTES);
    split_record_batch(slot + SR_SLOT_HEAD_BYTES, len, on_record_);
  }
}

bool SyscallPrograms::park_call_in_progress(uint32_t tid, const sr_parked_call& call) {
  if (config_.count_mode || call.nr >= SR_MAX_SYSCALLS || !config_.syscalls.test(call.nr))
    return false;
  // BPF_NOEXIST: an entry the BPF side parked since the snapshot is newer than this one.
  return bpf_map_update_elem(bpf_map__fd(skel_->maps.parked), &tid, &call, BPF_NOEXIST) == 0;
}

LatencyHistogram SyscallPrograms::read_latency(uint32_t nr, bool reset) {
  std::vector<sr_log2_hist> per_cpu(ncpus_);
  int fd = bpf_map__fd(skel_->maps.latency);
  if (bpf_map_lookup_elem(fd, &nr, per_cpu.data())) return {};
  if (reset) {
    const std::vector<sr_log2_hist> zeros(ncpus_);
    bpf_map_update_elem(fd, &nr, zeros.data(), BPF_ANY);
  }
  return sum_per_cpu(per_cpu);
}

std::vector<SyscallCounters> SyscallPrograms::read_counters(bool reset) {
  std::vector<SyscallCounters> out;
  std::vector<sr_syscall_stats> per_cpu(ncpus_);
  const std::vector<sr_syscall_stats> zeros(ncpus_);
  int fd = bpf_map__fd(skel_->maps.stats);
  for (uint32_t nr = 0; nr < SR_MAX_SYSCALLS; ++nr) {
    if (bpf_map_lookup_elem(fd, &nr, per_cpu.data())) continue;
    SyscallCounters c;
    c.nr = nr;
    for (const auto& s : per_cpu) {
      c.stats.calls += s.calls;
      c.stats.errors += s.errors;
      c.stats.total_ns += s.total_ns;
      c.stats.max_ns = std::max(c.stats.max_ns, s.max_ns);
    }
    if (c.stats.calls == 0) continue;
    // Counts landing between the read and the reset go to no interval; the window is a few µs.
    if (reset) bpf_map_update_elem(fd, &nr, zeros.data(), BPF_ANY);
    if (config_.latency) c.latency = read_latency(nr, reset);
    out.push_back(c);
  }
  return out;
}

// Walks the hash key by key: each step is two map syscalls, a few µs; a hash of 20 000 keys
// reads in tens of milliseconds, and the BPF side keeps counting meanwhile (per-CPU values, no
// lock held across the walk).
std::vector<CommCount> SyscallPrograms::read_comm_counts() const {
  std::vector<CommCount> out;
  if (!config_.count_mode || config_.comm_keys == 0) return out;
  for (const auto& [key, calls] : read_percpu_hash_sums<sr_comm_key>(bpf_map__fd(skel_->maps.comm_counts), ncpus_))
    out.push_back({key, calls});
  return out;
}

std::vector<std::pair<uint32_t, sr_comm_overflow>> SyscallPrograms::read_comm_overflow() const {
  std::vector<std::pair<uint32_t, sr_comm_overflow>> out;
  if (!config_.count_mode || config_.comm_keys == 0) return out;
  int fd = bpf_map__fd(skel_->maps.comm_overflow);
  std::vector<sr_comm_overflow> per_cpu(ncpus_);
  for (uint32_t nr = 0; nr < SR_MAX_SYSCALLS; ++nr) {
    if (bpf_map_lookup_elem(fd, &nr, per_cpu.data())) continue;
    sr_comm_overflow sum{};
    for (const auto& o : per_cpu) {
      sum.calls += o.calls;
      sum.errors += o.errors;
    }
    if (sum.calls) out.emplace_back(nr, sum);
  }
  return out;
}

}  // namespace sysray
