#include "inflight/enter_captures.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

namespace sysray {

namespace {

uint64_t arg(const SyscallEvent& ev, uint8_t i) { return i < 6 ? ev.args[i] : 0; }

// As capture.bpf.h's capture_length: nullopt when there is nothing to read.
std::optional<uint64_t> length(const ProcessMemory& mem, const sr_capture_spec& spec,
                               const SyscallEvent& ev) {
  switch (spec.length) {
    case SR_LEN_ARG:
      return arg(ev, spec.len_arg);
    case SR_LEN_FIELD: {
      uint64_t at = arg(ev, spec.len_arg);
      std::string bytes = at ? mem.read(at + spec.len_off, sizeof(int32_t)) : std::string();
      int32_t n = -1;
      if (bytes.size() == sizeof(n)) std::memcpy(&n, bytes.data(), sizeof(n));
      if (n < 0) return std::nullopt;
      return static_cast<uint64_t>(n);
    }
    case SR_LEN_RET:
      return std::nullopt;  // no return value yet
    default:
      return spec.max;
  }
}

// As capture.bpf.h's capture_address: 0 when there is nothing to read.
uint64_t address(const ProcessMemory& mem, const sr_capture_spec& spec, const SyscallEvent& ev,
                 uint64_t sp, Capture& cap) {
  switch (spec.address) {
    case SR_ADDR_STACK:
      return sp + spec.addr_off;
    case SR_ADDR_FIELD: {
      uint64_t base = arg(ev, spec.addr_arg);
      if (!base) return 0;
      cap.read = spec.read;
      std::string bytes = mem.read(base + spec.addr_off, sizeof(uint64_t));
      uint64_t field = 0;
      if (bytes.size() == sizeof(field))
        std::memcpy(&field, bytes.data(), sizeof(field));
      else
        cap.flags |= SR_CAPF_FAULT;
      return field;
    }
    default:
      return arg(ev, spec.addr_arg);
  }
}

}  // namespace

void capture_at_enter(const ProcessMemory& mem, const sr_syscall_captures& plan, uint64_t sp,
                      uint32_t snaplen, SyscallEvent& ev) {
  for (int i = 0; i < SR_MAX_CAPTURES; ++i) {
    const sr_capture_spec& spec = plan.cap[i];
    Capture& cap = ev.cap[i];
    if (spec.when != SR_AT_ENTER ||
        (spec.read != SR_READ_BYTES && spec.read != SR_READ_STRING))
      continue;
    auto len = length(mem, spec, ev);
    if (!len) continue;
    uint64_t addr = address(mem, spec, ev, sp, cap);
    if (!addr) continue;
    cap.read = spec.read;
    if (spec.read == SR_READ_STRING) {
      cap.data = mem.read_string(addr, SR_PATH_MAX);
      if (cap.data.empty()) cap.flags |= SR_CAPF_FAULT;
      if (cap.data.size() == SR_PATH_MAX) cap.flags |= SR_CAPF_TRUNCATED;
      cap.full_len = static_cast<uint32_t>(cap.data.size());
      continue;
    }
    uint64_t full = std::min<uint64_t>(*len, 0x7fffffff);
    uint64_t limit = spec.max == SR_SNAPLEN ? snaplen : spec.max;
    uint64_t want = std::min<uint64_t>({full, limit, SR_CAP_MAX});
    cap.full_len = static_cast<uint32_t>(full);
    if (want == 0) {
      if (full) cap.flags |= SR_CAPF_TRUNCATED;
      continue;
    }
    cap.data = mem.read(addr, want);
    if (cap.data.size() < want) {
      cap.data.clear();
      cap.flags |= SR_CAPF_FAULT;
    } else if (full > want) {
      cap.flags |= SR_CAPF_TRUNCATED;
    }
  }
}

}  // namespace sysray
