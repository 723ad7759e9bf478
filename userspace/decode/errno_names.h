// errno numbers to names ("EADDRINUSE") and messages ("Address already in use"), as strace prints them.
#pragma once
#include <string>
#include <string_view>

namespace sysray::decode {

// "EADDRINUSE" for 98; "" for a number with no name.
std::string_view errno_name(int err);
// "EADDRINUSE", or "errno 1234" for a number with no name: for messages about sysray's own
// BPF calls, where the kernel-internal codes (ENOTSUPP 524) are named too.
std::string errno_label(int err);
// "Address already in use" for 98; "" for a number with no name. Kernel-internal codes
// (ERESTARTSYS 512 ...) are included, with the text strace shows for them: its own words for
// the four restart codes, glibc's "Unknown error 515" for ENOIOCTLCMD and the rest.
std::string_view errno_message(int err);

}  // namespace sysray::decode
