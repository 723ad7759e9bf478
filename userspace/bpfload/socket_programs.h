// The socket-event BPF programs (bpf/sockets.bpf.c) as one RAII object:
// configure, load (tp_btf, falling back to raw_tp), attach, read records and the in-flight
// calls. Destroying it detaches everything.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "bpfload/program_set.h"
#include "sockets/socket_table.h"
#include "sysray/events.h"

struct sockets_bpf;

namespace sysray {

// Where the socket of an event comes from: the fd table at the syscall (syscalls), or the
// kernel functions that handle it, through fentry or kprobes (see bpf/sockets.bpf.c).
enum class SocketBackend { Syscalls, Fentry, Kprobe };
const char* socket_backend_name(SocketBackend b);  // "syscalls", "fentry", "kprobe"

struct SocketProgramConfig {
  SocketBackend backend = SocketBackend::Syscalls;
  bool filter_pids = false;      // false: every process but sysray
  int cgroup_fd = -1;                   // --cgroup: only that cgroup v2 subtree (-1: any)
  bool follow_forks = false;
  std::vector<pid_t> targets;
  uint32_t payload_max = 0;      // --payload
  uint32_t ring_bytes = 16u << 20;  // --buffer-size
  uint32_t stack_bytes = 0;         // -k: user stack bytes copied per event (0: no stacks)
  // exporter --sockets: count events per (comm, event, protocol, errno) in a kernel hash of
  // this many keys instead of sending them (0: send them).
  uint32_t count_keys = 0;
  // Another object's `targets` map to use instead of our own (-1: none), as FunccountConfig's.
  int shared_targets_fd = -1;
};

// exporter --sockets: events of one (comm, event, protocol, errno) key, summed over CPUs.
struct SocketEventCount {
  sr_socket_count_key key{};
  uint64_t events = 0;
};

class SocketPrograms : public ProgramSet {
 public:
  // Throws UserError with one line when the kernel refuses both tp_btf and raw_tp.
  explicit SocketPrograms(const SocketProgramConfig& config);
  ~SocketPrograms();

  SocketBackend backend() const { return config_.backend; }
  const char* attach_type() const { return attach_type_; }  // "tp_btf" / "raw_tp"

  // Each record goes to `cb` (poll() delivers them).
  using RecordCallback = std::function<void(const void* data, size_t size)>;
  void set_record_callback(RecordCallback cb);
  // -k: each struct sr_stack_record goes to `cb`, before the record of its event. Set it
  // before set_record_callback.
  void set_stack_callback(RecordCallback cb) { on_stack_ = std::move(cb); }
  // Detaches, then delivers what is left in the ring.
  void finish();

  uint64_t lost_events() const { return lost(SR_LOST_SOCKET_EVENTS); }  // shown events
  uint64_t lost_process_exits() const { return lost(SR_LOST_PROCESS_EXITS); }
  uint64_t lost_stacks() const { return lost(SR_LOST_SOCKET_STACKS); }
  // config.count_keys > 0: every key of the counts hash with its events, and per event kind the
  // events the full hash had no room for (index: enum sr_socket_event).
  std::vector<SocketEventCount> read_event_counts() const;
  std::vector<uint64_t> read_event_overflow() const;
  // The socket calls in flight now (from the `inflight` map).
  std::vector<sockets::InflightCall> inflight() const;

 private:
  void load_attach(bool btf);
  void destroy();

  SocketProgramConfig config_;
  sockets_bpf* skel_ = nullptr;
  RecordCallback on_record_;
  RecordCallback on_stack_;
  const char* attach_type_ = "";
};

}  // namespace sysray
