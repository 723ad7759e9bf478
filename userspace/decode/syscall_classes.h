// strace's syscall classes for -e trace=%CLASS.
#pragma once
#include <string_view>
#include <vector>

namespace sysray::decode {

// Member syscall names of class `cls` ("net", "network", "file", "process", "desc", "memory",
// "signal", "ipc", "creds", "clock", "stat"); nullptr when there is no such class.
const std::vector<std::string_view>* syscall_class(std::string_view cls);
// The class names, for error messages.
std::vector<std::string_view> syscall_class_names();

}  // namespace sysray::decode
