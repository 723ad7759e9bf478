// Signal names as strace prints them: "SIGCHLD", "SIGRTMIN" for 32, and "SIGRT_2" for the other
// real-time ones (numbered from the kernel's SIGRTMIN, 32, not glibc's).
#pragma once
#include <string>

namespace sysray::decode {

// "" for a number that is no signal (0, > 64).
std::string signal_name(int sig);

}  // namespace sysray::decode
