// Reads a BPF ring buffer map: one owner of the libbpf ring_buffer, shared by the syscall and
// socket programs. Both send with BPF_RB_NO_WAKEUP, which epoll does not see, so poll() also
// drains the ring when its wait times out.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>

#include "util/mapped_memory.h"

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
  // Bytes reserved in the ring since it was created, and bytes read: every record reserved
  // before write_pos() returned X has been delivered once read_pos() >= X (a record still
  // being written stops the reader until it is done).
  uint64_t write_pos() const { return position(page_size_); }
  uint64_t read_pos() const { return position(0); }

 private:
  uint64_t position(size_t offset) const;

  ring_buffer* ring_ = nullptr;
  SampleCallback on_sample_;
  size_t page_size_;
  MappedMemory positions_;  // the consumer page, then the producer page
};

// The sum over CPUs of `key` of a BPF_MAP_TYPE_PERCPU_ARRAY of u64 (the lost-event counters);
// 0 when it cannot be read.
uint64_t sum_percpu_counter(int map_fd, int ncpus, uint32_t key = 0);

}  // namespace sysray
