#include "cli/byte_size.h"

#include <fmt/format.h>

#include <charconv>

#include "sysray/events.h"
#include "util/user_error.h"

namespace sysray {

uint64_t parse_byte_size(const std::string& text, const char* option, uint64_t min, uint64_t max) {
  auto bad = [&] {
    return UserError(fmt::format("invalid {} value '{}': expected a size from {} to {} bytes (K, M, G "
                                 "suffixes allowed)",
                                 option, text, min, max));
  };
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end == text.data()) throw bad();
  std::string suffix(end, text.data() + text.size());
  int shift = 0;
  if (suffix == "K" || suffix == "k") shift = 10;
  else if (suffix == "M" || suffix == "m") shift = 20;
  else if (suffix == "G" || suffix == "g") shift = 30;
  else if (!suffix.empty()) throw bad();
  if (value > (max >> shift)) throw bad();
  value <<= shift;
  if (value < min) throw bad();
  return value;
}

uint32_t parse_ring_size(const std::string& text) {
  uint64_t size = parse_byte_size(text, "--buffer-size", 4096, uint64_t{1} << 30);
  if (size & (size - 1))
    throw UserError(fmt::format("invalid --buffer-size value '{}': must be a power of two (e.g. 64K, 16M)", text));
  return static_cast<uint32_t>(size);
}

uint32_t parse_stack_size(const std::string& text) {
  uint64_t size = parse_byte_size(text, "--stack-size", 512, SR_STACK_MAX);
  if (size & (size - 1))  // the BPF side masks offsets with it
    throw UserError(fmt::format("invalid --stack-size value '{}': must be a power of two (e.g. 8K, 32K)", text));
  return static_cast<uint32_t>(size);
}

uint32_t parse_snaplen(const std::string& text) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > SR_CAP_MAX)
    throw UserError(fmt::format("invalid -s value '{}': expected a number of bytes from 0 to {}",
                                text, SR_CAP_MAX));
  return value;
}

}  // namespace sysray
