// What the streaming BPF objects (SyscallPrograms, SocketPrograms) share once loaded: their links,
// detached on destruction or finish(); one ring reader; the lost-record counters; the targets
// map and -f's count of children it could not follow; and the tp_btf → raw_tp fallback. Each
// derived class owns its skeleton (generated, so its open/load/destroy differ) and calls
// release() before destroying it.
#pragma once
#include <linux/types.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <bpf/libbpf.h>

#include "bpfload/cgroup_filter.h"
#include "bpfload/ring_reader.h"

struct bpf_link;
struct bpf_program;

namespace sysray {

class ProgramSet {
 public:
  ProgramSet(const ProgramSet&) = delete;
  ProgramSet& operator=(const ProgramSet&) = delete;

  // Waits up to `timeout_ms` for records and delivers them to the record callback.
  void poll(int timeout_ms);
  // Delivers the records in the ring now, without waiting (after detach_all: every record
  // sent).
  void consume();
  // The ring's positions (RingReader::write_pos/read_pos); 0 before open_ring.
  uint64_t ring_write_pos() const { return ring_ ? ring_->write_pos() : 0; }
  uint64_t ring_read_pos() const { return ring_ ? ring_->read_pos() : 0; }
  // Adds a process to the targets map (-p, the command, children found later). Throws UserError.
  void add_target(pid_t tgid);
  // -f children not followed: the targets map was full.
  uint64_t untracked_children() const;
  // The object's targets map (bpf/targets.bpf.h), for another object to share (-f's children).
  int targets_fd() const { return loaded_.targets_fd; }
  // Records of kind `slot` of the object's `lost_events` map, summed over CPUs, since start.
  uint64_t lost(uint32_t slot = 0) const;

  // Runs `load_attach(true)` (tp_btf: BTF-typed, direct reads); when the kernel refuses it,
  // `undo()` then `load_attach(false)` (raw_tp, which loads where tp_btf does not).
  static void tp_btf_or_raw_tp(const std::function<void(bool btf)>& load_attach,
                               const std::function<void()>& undo);

 protected:
  // The object's maps and globals, known once it is loaded.
  struct Loaded {
    int targets_fd = -1;
    int lost_fd = -1;
    int ring_fd = -1;
    __u64* targets_gen = nullptr;             // bumped when targets change (BPF caches verdicts)
    const __u64* untracked_children = nullptr;
  };

  ProgramSet();
  ~ProgramSet();

  // After a successful load: remembers `loaded` and adds `targets`.
  void loaded(const Loaded& loaded, const std::vector<pid_t>& targets);
  // The same for a skeleton with the shared maps (bpf/targets.bpf.h, common.bpf.h's lost
  // counters, a ring named `events`), and --cgroup's filter (`cgroup_fd` -1: none).
  template <typename Skeleton>
  void loaded_skeleton(Skeleton* s, const std::vector<pid_t>& targets, int cgroup_fd) {
    loaded({bpf_map__fd(s->maps.targets), bpf_map__fd(s->maps.lost_events),
            bpf_map__fd(s->maps.events), &s->bss->targets_gen, &s->bss->untracked_children},
           targets);
    apply_cgroup_filter(s->maps.cgroup_filter, cgroup_fd);
  }
  // Attaches every autoloaded program of `programs`, in order. Throws UserError naming the
  // program and `flavour` ("tp_btf", "fentry backend", ...).
  void attach_all(const std::vector<bpf_program*>& programs, const char* flavour);
  void detach_all();
  // Reads the ring from now on: each struct sr_stack_record (-k) goes to `on_stack` when set,
  // every other sample to `on_sample`.
  void open_ring(RingReader::SampleCallback on_sample, RingReader::SampleCallback on_stack = nullptr);
  // Closes the ring and detaches: call before destroying the skeleton.
  void release();

  int ncpus_ = 1;

 private:
  Loaded loaded_;
  std::unique_ptr<RingReader> ring_;
  std::vector<bpf_link*> links_;
};

}  // namespace sysray
