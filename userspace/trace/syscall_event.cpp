#include "trace/syscall_event.h"

#include <cstring>
#include <string_view>

namespace sysray {

namespace {

bool fail(std::string* error, std::string_view why) {
  if (error) error->assign(why);
  return false;
}

bool known_record_type(uint32_t type) {
  return type == SR_REC_SYSCALL || type == SR_REC_SYSCALL_ENTER || type == SR_REC_THREAD_EXIT ||
         type == SR_REC_SIGNAL;
}

// The BPF side writes every field, so anything out of range means the bytes are not a record
// (a framing bug, or a format mismatch between the BPF object and this binary).
bool check_header(const sr_syscall_record& rec, size_t size, std::string* error) {
  if (!known_record_type(rec.type)) return fail(error, "unknown record type");
  if (rec.nr >= SR_MAX_SYSCALLS) return fail(error, "syscall number out of range");
  if (std::memchr(rec.comm, '\0', sizeof(rec.comm)) == nullptr)
    return fail(error, "comm is not NUL-terminated");
  size_t data_len = 0;
  for (const auto& h : rec.cap) {
    if (h.read > SR_READ_LAST) return fail(error, "unknown capture read");
    if (h.len > SR_CAP_MAX) return fail(error, "capture longer than SR_CAP_MAX");
    data_len += h.len;
  }
  if (data_len > size - sizeof(rec)) return fail(error, "captures run past the record");
  return true;
}

}  // namespace

int syscall_error(const SyscallEvent& ev) {
  constexpr int64_t kMaxErrno = 4095;
  if (ev.flags & SR_F_NO_RETURN) return 0;
  return ev.ret < 0 && ev.ret >= -kMaxErrno ? static_cast<int>(-ev.ret) : 0;
}

std::optional<SyscallEvent> parse_syscall_record(const void* data, size_t size,
                                                 std::string* error) {
  sr_syscall_record rec;
  if (data == nullptr || size < sizeof(rec)) {
    fail(error, "record shorter than its header");
    return std::nullopt;
  }
  // memcpy: ring-buffer memory carries no alignment promise for this struct.
  std::memcpy(&rec, data, sizeof(rec));
  if (!check_header(rec, size, error)) return std::nullopt;

  SyscallEvent ev;
  ev.type = rec.type;
  ev.nr = rec.nr;
  ev.ts_ns = rec.ts_ns;
  ev.dur_ns = rec.dur_ns;
  ev.seq = rec.seq;
  ev.pid = rec.pid;
  ev.tid = rec.tid;
  ev.comm.assign(rec.comm);
  std::memcpy(ev.args, rec.args, sizeof(ev.args));
  ev.ret = rec.ret;
  ev.flags = rec.flags;
  ev.stack_id = rec.stack_id;
  const char* bytes = static_cast<const char*>(data) + sizeof(rec);
  for (int i = 0; i < SR_MAX_CAPTURES; ++i) {
    const auto& h = rec.cap[i];
    Capture& c = ev.cap[i];
    c.read = h.read;
    c.flags = h.flags;
    c.full_len = h.full_len;
    c.data.assign(bytes, h.len);
    bytes += h.len;
  }
  return ev;
}

SyscallEvent merge_enter_exit(const SyscallEvent& enter, const SyscallEvent& exit) {
  SyscallEvent m = enter;
  m.type = SR_REC_SYSCALL;
  m.ret = exit.ret;
  m.dur_ns = exit.dur_ns;
  m.seq = exit.seq;
  m.flags = exit.flags & ~static_cast<uint32_t>(SR_F_RESUMED);
  for (int i = 0; i < SR_MAX_CAPTURES; ++i) {
    if (exit.cap[i].read != SR_READ_NONE) m.cap[i] = exit.cap[i];
  }
  return m;
}

}  // namespace sysray
