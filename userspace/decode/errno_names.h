// errno numbers to names ("EADDRINUSE") and messages ("Address already in use"), as strace prints them.
#pragma once
#include <string_view>

namespace sysray::decode {

// "EADDRINUSE" for 98; "" for a number with no name.
std::string_view errno_name(int err);
// "Address already in use" for 98; "Unknown error N"-style text is never returned: "" when unknown.
std::string_view errno_message(int err);
// Kernel-internal restart codes (ERESTARTSYS 512 ...) included, as strace shows them.

}  // namespace sysray::decode
