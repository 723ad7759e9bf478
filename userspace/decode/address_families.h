// AF_* names by number: shared by sockaddr decoding and socket(2)'s domain argument.
#pragma once
#include <string>

namespace sysray::decode {

// "AF_INET" for 2; "" when unknown.
const char* address_family_name(int family);

}  // namespace sysray::decode
