// Sizes given on the command line: "16M", "64K", "1048576".
#pragma once
#include <cstdint>
#include <string>

namespace sysray {

// Parses N with an optional K, M or G suffix (powers of 1024). Throws UserError naming
// `option` when the text is not such a size or the value lies outside [min, max].
uint64_t parse_byte_size(const std::string& text, const char* option, uint64_t min, uint64_t max);

// The BPF ring buffer's size (trace --buffer-size): a power of two from 4 KiB to 1 GiB, which
// is what the kernel accepts for BPF_MAP_TYPE_RINGBUF (a page multiple and a power of two).
uint32_t parse_ring_size(const std::string& text);
// trace --stack-size: a power of two from 512 bytes to SR_STACK_MAX.
uint32_t parse_stack_size(const std::string& text);

// -s: bytes of each buffer shown, 0 to SR_CAP_MAX. Throws UserError naming the value.
uint32_t parse_snaplen(const std::string& text);

}  // namespace sysray
