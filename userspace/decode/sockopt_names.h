// Socket option levels and names for setsockopt/getsockopt (sockopt.cpp).
#pragma once
#include <string>

namespace sysray::decode {

std::string sockopt_level_text(int level);               // "SOL_SOCKET", "0x3e7 /* SOL_?? */"
std::string sockopt_name_text(int level, int optname);   // "SO_LINGER", "0x63 /* TCP_??? */", "1"
// The SOL_SOCKET options strace 6.1's setsockopt prints as an int whenever optlen holds one
// ("[1]" with optlen 8 too; the pointer when shorter).
bool is_int_socket_option(int level, int optname);

}  // namespace sysray::decode
