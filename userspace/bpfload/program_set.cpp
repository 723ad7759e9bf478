#include "bpfload/program_set.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>

#include "sysray/events.h"
#include "util/errno_text.h"
#include "util/user_error.h"

namespace sysray {

ProgramSet::ProgramSet() {
  ncpus_ = libbpf_num_possible_cpus();
  if (ncpus_ <= 0) ncpus_ = 1;
}

ProgramSet::~ProgramSet() { release(); }

void ProgramSet::tp_btf_or_raw_tp(const std::function<void(bool btf)>& load_attach,
                                  const std::function<void()>& undo) {
  try {
    load_attach(true);
  } catch (const UserError& e) {
    spdlog::debug("tp_btf unavailable ({}), falling back to raw_tp", e.what());
    undo();
    load_attach(false);
  }
}

void ProgramSet::loaded(const Loaded& loaded, const std::vector<pid_t>& targets) {
  loaded_ = loaded;
  for (pid_t pid : targets) add_target(pid);
}

void ProgramSet::add_target(pid_t tgid) {
  uint32_t key = static_cast<uint32_t>(tgid);
  uint8_t one = 1;
  if (bpf_map_update_elem(loaded_.targets_fd, &key, &one, BPF_ANY))
    throw UserError(fmt::format("cannot add pid {} to the targets: {}", tgid, errno_text(errno)),
                    kExitRefused);
  // Invalidate the per-CPU verdict caches (thread_selected() in bpf/syscalls.bpf.c).
  if (loaded_.targets_gen) __atomic_fetch_add(loaded_.targets_gen, 1, __ATOMIC_SEQ_CST);
}

uint64_t ProgramSet::untracked_children() const {
  return loaded_.untracked_children ? *loaded_.untracked_children : 0;
}

uint64_t ProgramSet::lost(uint32_t slot) const {
  return loaded_.lost_fd < 0 ? 0 : sum_percpu_counter(loaded_.lost_fd, ncpus_, slot);
}

void ProgramSet::attach_all(const std::vector<bpf_program*>& programs, const char* flavour) {
  for (bpf_program* p : programs) {
    if (!bpf_program__autoload(p)) continue;
    bpf_link* link = bpf_program__attach(p);
    if (!link)
      throw UserError(fmt::format("cannot attach {} ({}): {}", bpf_program__name(p), flavour,
                                  errno_text(errno)),
                      kExitRefused);
    links_.push_back(link);
  }
}

void ProgramSet::detach_all() {
  for (bpf_link* link : links_) bpf_link__destroy(link);
  links_.clear();
}

void ProgramSet::open_ring(RingReader::SampleCallback on_sample, RingReader::SampleCallback on_stack) {
  if (ring_) return;
  if (on_stack)
    on_sample = [records = std::move(on_sample), stacks = std::move(on_stack)](const void* data, size_t size) {
      uint32_t type = 0;
      if (size >= sizeof(type)) std::memcpy(&type, data, sizeof(type));
      (type == SR_REC_USER_STACK ? stacks : records)(data, size);
    };
  ring_ = std::make_unique<RingReader>(loaded_.ring_fd, std::move(on_sample));
}

void ProgramSet::poll(int timeout_ms) {
  if (ring_) ring_->poll(timeout_ms);
}

void ProgramSet::consume() {
  if (ring_) ring_->consume();
}

void ProgramSet::release() {
  ring_.reset();
  detach_all();
  loaded_ = Loaded{};
}

}  // namespace sysray
