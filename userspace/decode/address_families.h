// AF_* names by number: shared by sockaddr decoding and socket(2)'s domain argument.
#pragma once
#include <cstdint>
#include <string>

namespace sysray::decode {

// "AF_INET" for 2; "" when unknown.
const char* address_family_name(int family);

// As strace prints a family: "AF_INET", or "0x2e /* AF_??? */" for one it has no name for.
std::string address_family_text(uint64_t family);

}  // namespace sysray::decode
