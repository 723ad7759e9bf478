#include "format/json_escape.h"

#include <cstdint>

namespace sysray {

namespace {

// Length of the valid UTF-8 sequence starting at s[i] (lead byte >= 0x80), or 0 when invalid:
// overlong forms, surrogates and code points past U+10FFFF are rejected, as RFC 3629 says.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t b = at(i);
  size_t len;
  uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    len = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    len = 3;
    if (b == 0xE0) lo = 0xA0;  // overlong
    if (b == 0xED) hi = 0x9F;  // surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    len = 4;
    if (b == 0xF0) lo = 0x90;  // overlong
    if (b == 0xF4) hi = 0x8F;  // > U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return len;
}

void append_escape(fmt::memory_buffer& buf, uint8_t c) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char* two = nullptr;
  switch (c) {
    case '"': two = "\\\""; break;
    case '\\': two = "\\\\"; break;
    case '\n': two = "\\n"; break;
    case '\r': two = "\\r"; break;
    case '\t': two = "\\t"; break;
    case '\b': two = "\\b"; break;
    case '\f': two = "\\f"; break;
    default: break;
  }
  if (two) return buf.append(two, two + 2);
  const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
  buf.append(u, u + 6);
}

bool needs_escape(uint8_t c) { return c < 0x20 || c == '"' || c == '\\' || c == 0x7F; }

}  // namespace

void append_json_string(fmt::memory_buffer& buf, std::string_view bytes) {
  buf.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied: copied in runs, not byte by byte
  size_t i = 0;
  while (i < bytes.size()) {
    uint8_t c = static_cast<uint8_t>(bytes[i]);
    if (c < 0x80 && !needs_escape(c)) {
      ++i;
      continue;
    }
    size_t seq = c >= 0x80 ? utf8_sequence_length(bytes, i) : 0;
    if (seq) {
      i += seq;
      continue;
    }
    buf.append(bytes.data() + run, bytes.data() + i);
    append_escape(buf, c);
    run = ++i;
  }
  buf.append(bytes.data() + run, bytes.data() + bytes.size());
  buf.push_back('"');
}

}  // namespace sysray
