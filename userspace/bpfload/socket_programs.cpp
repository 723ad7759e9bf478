#include "bpfload/socket_programs.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "bpfload/percpu_hash.h"
#include "sockets.skel.h"
#include "sysray/events.h"
#include "util/errno_text.h"
#include "util/user_error.h"

namespace sysray {

const char* socket_backend_name(SocketBackend b) {
  switch (b) {
    case SocketBackend::Syscalls: return "syscalls";
    case SocketBackend::Fentry: return "fentry";
    case SocketBackend::Kprobe: return "kprobe";
  }
  return "?";
}

namespace {

// Fork and exit first, so that a child forked while sys_enter attaches is already followed.
std::vector<bpf_program*> programs_of(sockets_bpf* s, bool btf) {
  if (btf)
    return {s->progs.sock_fork_btf, s->progs.sock_free_btf, s->progs.sock_proc_exit_btf,
            s->progs.sock_exit_btf, s->progs.sock_enter_btf};
  return {s->progs.sock_fork_raw, s->progs.sock_free_raw, s->progs.sock_proc_exit_raw,
          s->progs.sock_exit_raw, s->progs.sock_enter_raw};
}

// The kernel-function hooks of the backend (fentry_* or kprobe_* programs); none for syscalls.
std::vector<bpf_program*> hooks_of(sockets_bpf* s, SocketBackend backend) {
  const char* prefix = backend == SocketBackend::Fentry   ? "fentry_"
                       : backend == SocketBackend::Kprobe ? "kprobe_"
                                                          : nullptr;
  std::vector<bpf_program*> out;
  bpf_program* p;
  bpf_object__for_each_program(p, s->obj) {
    const char* name = bpf_program__name(p);
    if (prefix && std::strncmp(name, prefix, std::strlen(prefix)) == 0) out.push_back(p);
  }
  return out;
}


}  // namespace

SocketPrograms::SocketPrograms(const SocketProgramConfig& config) : config_(config) {
  tp_btf_or_raw_tp([&](bool btf) { load_attach(btf); }, [&] { destroy(); });
}

SocketPrograms::~SocketPrograms() { destroy(); }

void SocketPrograms::destroy() {
  release();
  if (skel_) sockets_bpf__destroy(skel_);
  skel_ = nullptr;
}

void SocketPrograms::load_attach(bool btf) {
  attach_type_ = btf ? "tp_btf" : "raw_tp";
  skel_ = sockets_bpf__open();
  if (!skel_)
    throw UserError("cannot open the sockets BPF object: " + errno_text(errno), kExitRefused);
  for (bool b : {true, false})
    for (bpf_program* p : programs_of(skel_, b)) bpf_program__set_autoload(p, b == btf);
  // The hooks are SEC("?...") programs: off unless enabled here.
  std::vector<bpf_program*> hooks = hooks_of(skel_, config_.backend);
  for (bpf_program* h : hooks) bpf_program__set_autoload(h, true);
  skel_->rodata->kfunc_mode = config_.backend != SocketBackend::Syscalls;
  skel_->rodata->filter_pids = config_.filter_pids;
  skel_->rodata->filter_cgroup = config_.cgroup_fd >= 0;
  skel_->rodata->follow_forks = config_.follow_forks;
  skel_->rodata->self_tgid = static_cast<uint32_t>(getpid());
  skel_->rodata->payload_max = std::min<uint32_t>(config_.payload_max, SR_SOCK_PAYLOAD_MAX);
  skel_->rodata->stack_bytes = std::min<uint32_t>(config_.stack_bytes, SR_STACK_MAX);
  skel_->rodata->count_events = config_.count_keys > 0;
  bpf_map__set_max_entries(skel_->maps.event_counts, std::max<uint32_t>(1, config_.count_keys));
  // Counting sends only process exits through the ring.
  bpf_map__set_max_entries(skel_->maps.events, config_.count_keys ? 4096 : config_.ring_bytes);
  if (config_.shared_targets_fd >= 0)
    if (int err = bpf_map__reuse_fd(skel_->maps.targets, config_.shared_targets_fd))
      throw UserError("cannot share the targets map: " + errno_text(-err), kExitRefused);
  if (int err = sockets_bpf__load(skel_))
    throw UserError(fmt::format("the kernel refused sysray's {} socket programs ({}): {}",
                                socket_backend_name(config_.backend), attach_type_,
                                errno_text(-err)),
                    kExitRefused);
  loaded_skeleton(skel_, config_.targets, config_.cgroup_fd);
  // The hooks first: they only act inside a call sys_enter has started.
  std::vector<bpf_program*> order = hooks;
  for (bpf_program* p : programs_of(skel_, btf)) order.push_back(p);
  attach_all(order, socket_backend_name(config_.backend));
}

void SocketPrograms::set_record_callback(RecordCallback cb) {
  on_record_ = std::move(cb);
  open_ring([this](const void* data, size_t size) { on_record_(data, size); }, on_stack_);
}

void SocketPrograms::finish() {
  detach_all();
  consume();
}

std::vector<SocketEventCount> SocketPrograms::read_event_counts() const {
  std::vector<SocketEventCount> out;
  if (!config_.count_keys) return out;
  for (const auto& [key, events] : read_percpu_hash_sums<sr_socket_count_key>(bpf_map__fd(skel_->maps.event_counts), ncpus_))
    out.push_back({key, events});
  return out;
}

std::vector<uint64_t> SocketPrograms::read_event_overflow() const {
  std::vector<uint64_t> out(SR_SOCK_EVENT_LAST + 1);
  for (uint32_t event = 0; event < out.size(); ++event)
    out[event] = sum_percpu_counter(bpf_map__fd(skel_->maps.event_counts_full), ncpus_, event);
  return out;
}

std::vector<sockets::InflightCall> SocketPrograms::inflight() const {
  std::vector<sockets::InflightCall> out;
  int fd = bpf_map__fd(skel_->maps.inflight);
  uint32_t key = 0, next = 0;
  const uint32_t* prev = nullptr;
  while (bpf_map_get_next_key(fd, prev, &next) == 0) {
    sr_socket_inflight v;
    if (bpf_map_lookup_elem(fd, &next, &v) == 0) {
      sockets::InflightCall c;
      c.pid = v.pid;
      c.tid = next;
      c.nr = v.nr;
      c.fd = v.fd;
      c.ino = v.ino;
      c.since_ns = v.ts_ns;
      out.push_back(c);
    }
    key = next;
    prev = &key;
  }
  return out;
}

}  // namespace sysray
