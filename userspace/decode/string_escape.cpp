#include "decode/string_escape.h"

namespace sysray::decode {
namespace {

void append_escaped(std::string& out, unsigned char c, bool next_is_digit) {
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
  // Octal, shortest form unless a digit follows (then "\0" + "1" would read as "\01").
  out += '\\';
  if (next_is_digit || c >= 0100) out += static_cast<char>('0' + (c >> 6));
  if (next_is_digit || c >= 010) out += static_cast<char>('0' + ((c >> 3) & 7));
  out += static_cast<char>('0' + (c & 7));
}

}  // namespace

std::string quote_bytes(std::string_view bytes, bool truncated) {
  std::string out;
  out.reserve(bytes.size() + 8);
  out += '"';
  for (size_t i = 0; i < bytes.size(); ++i) {
    bool next_is_digit = i + 1 < bytes.size() && bytes[i + 1] >= '0' && bytes[i + 1] <= '9';
    append_escaped(out, static_cast<unsigned char>(bytes[i]), next_is_digit);
  }
  out += '"';
  if (truncated) out += "...";
  return out;
}

std::string quote_c_string(std::string_view bytes, bool truncated) {
  size_t nul = bytes.find('\0');
  if (nul != std::string_view::npos) bytes = bytes.substr(0, nul);
  return quote_bytes(bytes, truncated);
}

}  // namespace sysray::decode
