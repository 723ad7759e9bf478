#include "bpfload/capture_programs.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

#include "capture_fd.skel.h"
#include "util/errno_text.h"
#include "util/user_error.h"

namespace sysray {

namespace {

// Fork and free first, so that a child forked while sys_exit attaches is already followed.
std::vector<bpf_program*> programs_of(capture_fd_bpf* s, bool btf) {
  if (btf) return {s->progs.capture_fork_btf, s->progs.capture_free_btf, s->progs.capture_exit_btf};
  return {s->progs.capture_fork_raw, s->progs.capture_free_raw, s->progs.capture_exit_raw};
}

}  // namespace

CapturePrograms::CapturePrograms(const CaptureProgramConfig& config) : config_(config) {
  tp_btf_or_raw_tp([&](bool btf) { load_attach(btf); }, [&] { destroy(); });
}

CapturePrograms::~CapturePrograms() { destroy(); }

void CapturePrograms::destroy() {
  release();
  if (skel_) capture_fd_bpf__destroy(skel_);
  skel_ = nullptr;
}

void CapturePrograms::load_attach(bool btf) {
  attach_type_ = btf ? "tp_btf" : "raw_tp";
  skel_ = capture_fd_bpf__open();
  if (!skel_)
    throw UserError("cannot open the capture BPF object: " + errno_text(errno), kExitRefused);
  for (bool b : {true, false})
    for (bpf_program* p : programs_of(skel_, b)) bpf_program__set_autoload(p, b == btf);
  skel_->rodata->filter_pids = config_.filter_pids;
  skel_->rodata->filter_cgroup = config_.cgroup_fd >= 0;
  skel_->rodata->follow_forks = config_.follow_forks;
  skel_->rodata->self_tgid = static_cast<uint32_t>(getpid());
  for (int fd : config_.fds) skel_->rodata->fd_mask[fd / 64] |= 1ull << (fd % 64);
  bpf_map__set_max_entries(skel_->maps.events, config_.ring_bytes);
  if (int err = capture_fd_bpf__load(skel_))
    throw UserError(fmt::format("the kernel refused sysray's capture program ({}): {}",
                                attach_type_, errno_text(-err)),
                    kExitRefused);
  loaded_skeleton(skel_, config_.targets, config_.cgroup_fd);
  attach_all(programs_of(skel_, btf), attach_type_);
}

void CapturePrograms::set_record_callback(RecordCallback cb) {
  on_record_ = std::move(cb);
  open_ring([this](const void* data, size_t size) { on_record_(data, size); });
}

void CapturePrograms::finish() {
  detach_all();
  consume();
}

uint64_t CapturePrograms::writes() const {
  return __atomic_load_n(&skel_->bss->write_seq, __ATOMIC_SEQ_CST);
}

std::optional<sr_capture_lost> CapturePrograms::lost_write(uint64_t seq) const {
  sr_capture_lost l{};
  if (bpf_map_lookup_elem(bpf_map__fd(skel_->maps.lost_writes), &seq, &l)) return std::nullopt;
  return l;
}

void CapturePrograms::forget_lost_write(uint64_t seq) const {
  bpf_map_delete_elem(bpf_map__fd(skel_->maps.lost_writes), &seq);
}

}  // namespace sysray
