// The fd-capture BPF program (bpf/capture_fd.bpf.c) as one RAII object: configure, load
// (tp_btf, falling back to raw_tp), attach, read its pieces and its loss records. Destroying
// it detaches everything.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "bpfload/program_set.h"
#include "sysray/capture.h"

struct capture_fd_bpf;

namespace sysray {

struct CaptureProgramConfig {
  std::vector<int> fds;            // --fd, each < SR_CAPTURE_FD_LIMIT
  bool filter_pids = true;
  bool follow_forks = false;
  int cgroup_fd = -1;
  std::vector<pid_t> targets;
  uint32_t ring_bytes = 64u << 20;  // --buffer-size
};

class CapturePrograms : public ProgramSet {
 public:
  // Throws UserError with one line when the kernel refuses both tp_btf and raw_tp.
  explicit CapturePrograms(const CaptureProgramConfig& config);
  ~CapturePrograms();

  const char* attach_type() const { return attach_type_; }  // "tp_btf" / "raw_tp"

  // Each ring record (header and data) goes to `cb` (poll() delivers them).
  using RecordCallback = std::function<void(const void* data, size_t size)>;
  void set_record_callback(RecordCallback cb);
  // Detaches, then delivers what is left in the ring.
  void finish();

  // The writes numbered so far (the next write's seq).
  uint64_t writes() const;
  // What the kernel side recorded about write `seq` it could not send whole; forget() drops it.
  std::optional<sr_capture_lost> lost_write(uint64_t seq) const;
  void forget_lost_write(uint64_t seq) const;
  // Losses that not even lost_writes could hold.
  uint64_t unrecorded_losses() const { return lost(SR_CAPTURE_LOST_UNRECORDED); }

 private:
  void load_attach(bool btf);
  void destroy();

  CaptureProgramConfig config_;
  capture_fd_bpf* skel_ = nullptr;
  RecordCallback on_record_;
  const char* attach_type_ = "";
};

}  // namespace sysray
