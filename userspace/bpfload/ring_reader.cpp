#include "bpfload/ring_reader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <unistd.h>

#include <cerrno>
#include <vector>

#include "util/errno_text.h"
#include "util/user_error.h"

namespace sysray {
namespace {

int on_ring_sample(void* ctx, void* data, size_t size) {
  (*static_cast<RingReader::SampleCallback*>(ctx))(data, size);
  return 0;
}

}  // namespace

RingReader::RingReader(int map_fd, SampleCallback on_sample) : on_sample_(std::move(on_sample)) {
  // on_sample_ lives in this object, which is not copyable or movable: the pointer stays valid.
  ring_ = ring_buffer__new(map_fd, on_ring_sample, &on_sample_, nullptr);
  if (!ring_) throw UserError("cannot map the BPF ring buffer: " + errno_text(errno), kExitRefused);
  page_size_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  positions_ = MappedMemory(map_fd, 2 * page_size_);
  if (!positions_.valid()) {
    int err = errno;
    ring_buffer__free(ring_);
    throw UserError("cannot map the BPF ring buffer's positions: " + errno_text(err), kExitRefused);
  }
}

uint64_t RingReader::position(size_t offset) const {
  return __atomic_load_n(reinterpret_cast<const uint64_t*>(positions_.data() + offset), __ATOMIC_ACQUIRE);
}

RingReader::~RingReader() { ring_buffer__free(ring_); }

void RingReader::poll(int timeout_ms) {
  int n = ring_buffer__poll(ring_, timeout_ms);
  if (n < 0 && n != -EINTR) throw UserError("reading the BPF ring buffer failed: " + errno_text(-n), kExitRefused);
  if (n == 0) ring_buffer__consume(ring_);
}

void RingReader::consume() { ring_buffer__consume(ring_); }

uint64_t sum_percpu_counter(int map_fd, int ncpus, uint32_t key) {
  std::vector<uint64_t> per_cpu(ncpus);
  if (bpf_map_lookup_elem(map_fd, &key, per_cpu.data())) return 0;
  uint64_t sum = 0;
  for (uint64_t v : per_cpu) sum += v;
  return sum;
}

}  // namespace sysray
