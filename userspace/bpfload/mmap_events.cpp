#include "bpfload/mmap_events.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>

#include "util/errno_text.h"
#include "util/user_error.h"

namespace sysray {

namespace {

// PERF_RECORD_MMAP2 without sample_id_all: the header, then these fields, then the path.
struct Mmap2Head {
  uint32_t pid, tid;
  uint64_t addr, len, pgoff;
  uint32_t maj, min;
  uint64_t ino, ino_generation;
  uint32_t prot, flags;
};

struct ForkRecord {
  uint32_t pid, ppid, tid, ptid;
  uint64_t time;
};

struct CommRecord {
  uint32_t pid, tid;
};

struct LostRecord {
  uint64_t id, lost;
};

constexpr size_t kPagesPerCpu = 16;  // 64 KiB each: mmap records are rare

}  // namespace

MmapEvents::MmapEvents(ProcessMappings& into) : into_(into) {
  int ncpus = libbpf_num_possible_cpus();
  if (ncpus <= 0) throw UserError("cannot count the CPUs: " + errno_text(-ncpus), kExitRefused);
  map_fd_.reset(bpf_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "sysray_mmaps", sizeof(int),
                               sizeof(int), ncpus, nullptr));
  if (!map_fd_) throw UserError("cannot create the mmap event map: " + errno_text(errno), kExitRefused);
  perf_event_attr attr{};
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_DUMMY;  // no samples: only the side-band records below
  attr.size = sizeof(attr);
  attr.mmap = 1;        // executable mappings...
  attr.mmap2 = 1;       // ...with inode and device
  attr.task = 1;        // forks (a child starts with its parent's mappings)
  attr.comm = 1;
  attr.comm_exec = 1;
  buffer_ = perf_buffer__new_raw(map_fd_.get(), kPagesPerCpu, &attr, &MmapEvents::on_record, this,
                                 nullptr);
  if (!buffer_) {
    int err = errno;
    throw UserError("cannot watch mappings for -k (perf_event_open): " + errno_text(err), kExitRefused);
  }
}

MmapEvents::~MmapEvents() {
  if (buffer_) perf_buffer__free(buffer_);
}

void MmapEvents::consume() { perf_buffer__consume(buffer_); }

bpf_perf_event_ret MmapEvents::on_record(void* ctx, int, perf_event_header* header) {
  auto* self = static_cast<MmapEvents*>(ctx);
  const char* body = reinterpret_cast<const char*>(header + 1);
  size_t size = header->size > sizeof(*header) ? header->size - sizeof(*header) : 0;
  if (header->type == PERF_RECORD_MMAP2 && size > sizeof(Mmap2Head)) {
    Mmap2Head head;
    std::memcpy(&head, body, sizeof(head));
    Mapping m;
    m.start = head.addr;
    m.end = head.addr + head.len;
    m.pgoff = head.pgoff;
    m.inode = head.ino;
    m.dev_major = head.maj;
    m.dev_minor = head.min;
    m.path.assign(body + sizeof(head), strnlen(body + sizeof(head), size - sizeof(head)));
    self->into_.add(head.pid, m);
  } else if (header->type == PERF_RECORD_FORK && size >= sizeof(ForkRecord)) {
    ForkRecord f;
    std::memcpy(&f, body, sizeof(f));
    if (f.pid != f.ppid) self->into_.forked(f.ppid, f.pid);  // a process, not a thread
  } else if (header->type == PERF_RECORD_COMM && (header->misc & PERF_RECORD_MISC_COMM_EXEC) &&
             size >= sizeof(CommRecord)) {
    CommRecord c;
    std::memcpy(&c, body, sizeof(c));
    self->into_.execed(c.pid);
  } else if (header->type == PERF_RECORD_LOST && size >= sizeof(LostRecord)) {
    LostRecord l;
    std::memcpy(&l, body, sizeof(l));
    self->lost_ += l.lost;
  }
  return LIBBPF_PERF_EVENT_CONT;
}

}  // namespace sysray
