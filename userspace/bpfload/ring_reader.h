// Reads a BPF ring buffer map: one owner of the libbpf ring_buffer, shared by the syscall and
// socket programs. Both send with BPF_RB_NO_WAKEUP, which epoll does not see, so poll() also
// drains the ring when its wait times out.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>

struct ring_buffer;

namespace sysray {

class RingReader {
 public:
  using SampleCallback = std::function<void(const void* data, size_t size)>;

  // Maps the ring of `map_fd`; each sample goes to `on_sample`. Throws UserError.
  RingReader(int map_fd, SampleCallback on_sample);
  ~RingReader();
  RingReader(const RingReader&) = delete;
  RingReader& operator=(const RingReader&) = delete;

  // Waits up to `timeout_ms` for samples and delivers them (and those sent without a wakeup).
  void poll(int timeout_ms);
  // Delivers what is in the ring now, without waiting.
  void consume();

 private:
  ring_buffer* ring_ = nullptr;
  SampleCallback on_sample_;
};

// The sum over CPUs of `key` of a BPF_MAP_TYPE_PERCPU_ARRAY of u64 (the lost-event counters);
// 0 when it cannot be read.
uint64_t sum_percpu_counter(int map_fd, int ncpus, uint32_t key = 0);

}  // namespace sysray
