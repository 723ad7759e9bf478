#include "trace/record_batch.h"

#include <cstring>

#include "sysray/events.h"

namespace sysray {

size_t split_record_batch(const void* data, size_t size,
                          const std::function<void(const void*, size_t)>& on_record,
                          size_t* malformed_bytes) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  size_t off = 0, count = 0;
  while (size - off >= sizeof(sr_syscall_record)) {
    sr_syscall_record hdr;
    std::memcpy(&hdr, bytes + off, sizeof(hdr));  // records may sit at any 8-byte boundary
    size_t len = sizeof(hdr);
    bool capture_too_long = false;
    for (const auto& cap : hdr.cap) {
      len += cap.len;
      capture_too_long |= cap.len > SR_CAP_MAX;
    }
    if (hdr.type == 0 || capture_too_long || len > size - off) break;
    on_record(bytes + off, len);
    ++count;
    off += SR_RECORD_ALIGN(len);
    if (off > size) off = size;
  }
  if (malformed_bytes) *malformed_bytes = size - off;
  return count;
}

}  // namespace sysray
