// A ring-buffer sample from the syscall programs is a batch: records back to back, each padded
// to 8 bytes (see SR_RECORD_ALIGN in sysray/events.h). This splits one into records.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>

namespace sysray {

// Calls `on_record(ptr, size)` for each complete record; returns the number of records found.
// Stops at the first malformed record (its bytes are counted in *malformed_bytes if given).
size_t split_record_batch(const void* data, size_t size,
                          const std::function<void(const void*, size_t)>& on_record,
                          size_t* malformed_bytes = nullptr);

}  // namespace sysray
