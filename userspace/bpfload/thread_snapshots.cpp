#include "bpfload/thread_snapshots.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "inflight.skel.h"
#include "util/errno_text.h"
#include "util/unique_fd.h"
#include "util/user_error.h"

namespace sysray {

ThreadSnapshots::ThreadSnapshots(const std::vector<pid_t>& pids) {
  if (pids.size() > SR_INFLIGHT_MAX_TGIDS)
    throw UserError(fmt::format("inflight: at most {} processes at once", SR_INFLIGHT_MAX_TGIDS));
  skel_ = inflight_bpf__open_and_load();
  if (!skel_) {
    int err = errno;
    throw UserError(fmt::format("inflight: the kernel refused the task iterator program: {}",
                                errno_text(err)),
                    kExitRefused);
  }
  // The destructor does not run for a constructor that throws: release the skeleton first.
  auto fail = [&](std::string what) {
    int err = errno;
    inflight_bpf__destroy(skel_);
    throw UserError(fmt::format("inflight: {}: {}", what, errno_text(err)), kExitRefused);
  };
  for (pid_t pid : pids) {
    __u32 key = static_cast<__u32>(pid);
    __u8 one = 1;
    if (bpf_map_update_elem(bpf_map__fd(skel_->maps.wanted), &key, &one, BPF_ANY) != 0)
      fail(fmt::format("cannot select process {} for the task iterator", pid));
  }
  link_ = bpf_program__attach_iter(skel_->progs.snapshot_threads, nullptr);
  if (!link_) fail("the kernel refused to attach the task iterator");
}

ThreadSnapshots::~ThreadSnapshots() {
  bpf_link__destroy(link_);
  inflight_bpf__destroy(skel_);
}

std::vector<sr_thread_snapshot> ThreadSnapshots::take() const {
  UniqueFd iter(bpf_iter_create(bpf_link__fd(link_)));
  if (!iter) {
    int err = errno;
    throw UserError(fmt::format("inflight: could not start the task iterator: {}", errno_text(err)),
                    kExitRefused);
  }
  // The iterator writes whole records; a read returns any number of them.
  std::string bytes;
  char buf[16384];
  for (;;) {
    ssize_t n = read(iter.get(), buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      throw UserError(fmt::format("inflight: reading the task iterator: {}", errno_text(err)),
                      kExitRefused);
    }
    if (n == 0) break;
    bytes.append(buf, static_cast<size_t>(n));
  }
  std::vector<sr_thread_snapshot> out(bytes.size() / sizeof(sr_thread_snapshot));
  std::memcpy(out.data(), bytes.data(), out.size() * sizeof(sr_thread_snapshot));
  return out;
}

}  // namespace sysray
