// Quoting of captured bytes the way strace prints strings and buffers.
#pragma once
#include <string>
#include <string_view>

namespace sysray::decode {

// Quote bytes like strace: printable ASCII as is, \" \\ \t \n \v \f \r, others as octal
// (\0, \33, or 3 digits when the next byte is an octal digit: "\0001" but "\08"). Appends "..."
// after the closing quote when `truncated` (more bytes existed than were captured).
std::string quote_bytes(std::string_view bytes, bool truncated);

// Every byte as \xNN, as strace prints bytes that are random by design (getrandom's);
// `truncated` as above.
std::string quote_hex(std::string_view bytes, bool truncated);

// A NUL-terminated capture (path): stops at the first NUL; `truncated` as above.
std::string quote_c_string(std::string_view bytes, bool truncated);

}  // namespace sysray::decode
