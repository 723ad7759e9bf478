#include "decode/string_escape.h"

namespace sysray::decode {
namespace {

bool is_octal_digit(char c) { return c >= '0' && c <= '7'; }

// One byte as strace writes it inside double quotes. `octal_follows`: the next byte is an octal
// digit, so a short escape ("\0" then "1") would read back as a different one ("\01"); strace
// then pads to three digits ("\0001"). An '8' or '9' cannot extend an escape and changes nothing.
void append_escaped(std::string& out, unsigned char c, bool octal_follows) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\t': out += "\\t"; return;
    case '\n': out += "\\n"; return;
    case '\v': out += "\\v"; return;
    case '\f': out += "\\f"; return;
    case '\r': out += "\\r"; return;
    default: break;
  }
  if (c >= 0x20 && c < 0x7f) {
    out += static_cast<char>(c);
    return;
  }
  out += '\\';
  if (octal_follows || c >= 0100) out += static_cast<char>('0' + (c >> 6));
  if (octal_follows || c >= 010) out += static_cast<char>('0' + ((c >> 3) & 7));
  out += static_cast<char>('0' + (c & 7));
}

}  // namespace

std::string quote_bytes(std::string_view bytes, bool truncated) {
  std::string out;
  out.reserve(bytes.size() + 8);
  out += '"';
  for (size_t i = 0; i < bytes.size(); ++i) {
    bool octal_follows = i + 1 < bytes.size() && is_octal_digit(bytes[i + 1]);
    append_escaped(out, static_cast<unsigned char>(bytes[i]), octal_follows);
  }
  out += '"';
  if (truncated) out += "...";
  return out;
}

std::string quote_hex(std::string_view bytes, bool truncated) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 4 + 5);
  out += '"';
  for (unsigned char c : bytes) {
    out += "\\x";
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  out += '"';
  if (truncated) out += "...";
  return out;
}

std::string quote_c_string(std::string_view bytes, bool truncated) {
  return quote_bytes(bytes.substr(0, bytes.find('\0')), truncated);
}

}  // namespace sysray::decode
