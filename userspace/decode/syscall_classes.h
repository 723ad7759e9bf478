// strace's syscall classes for -e trace=%CLASS: which syscalls each one holds.
#pragma once
#include <string_view>
#include <vector>

namespace sysray::decode {

// Member syscall names (x86_64) of class `cls`, given without its leading '%': "net" (or
// "network"), "file", "process", "desc", "memory", "signal", "ipc", "creds", "clock", "stat",
// "lstat", "fstat", "%stat", "statfs", "fstatfs", "%statfs", "pure". nullptr when there is no
// such class.
const std::vector<std::string_view>* syscall_class(std::string_view cls);

// The class names accepted by syscall_class(), in the order error messages list them.
std::vector<std::string_view> syscall_class_names();

// strace still takes a few classes as bare words, without '%' ("trace=file"): the class for such
// a word ("desc", "file", "memory", "process", "signal", "ipc", "network"), or nullptr.
const std::vector<std::string_view>* bare_word_syscall_class(std::string_view word);

}  // namespace sysray::decode
