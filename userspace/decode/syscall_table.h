// Names and argument lists of the running kernel's syscalls.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sysray::decode {

struct SyscallArg {
  std::string type;  // as in tracefs: "int", "const char *", "struct sockaddr *", "size_t"
  std::string name;  // "fd", "filename", "umyaddr", "addrlen"
};

struct SyscallInfo {
  int nr = -1;
  std::string name;               // "bind"
  std::vector<SyscallArg> args;   // empty when unknown (built-in fallback without signature)
  bool args_known = false;
};

class SyscallTable {
 public:
  // tracefs (events/syscalls/sys_enter_*/format), mounting tracefs on /sys/kernel/tracing if
  // needed and allowed, with the syscalls tracefs lacks added from builtin(); builtin() alone
  // when tracefs cannot be read.
  static SyscallTable load();
  // Parse every sys_enter_*/format under `events_syscalls_dir`; empty table if none readable.
  // Only syscalls with a format file whose number builtin() knows.
  static SyscallTable from_tracefs(const std::string& events_syscalls_dir);
  // Numbers and names from the kernel headers at build time (plus x86_64 syscalls newer than
  // them); argument lists only where builtin_signature() has one.
  static SyscallTable builtin();

  const SyscallInfo* by_nr(int nr) const;               // nullptr when unknown
  std::string name_of(int nr) const;                     // "read", or strace's "syscall_N"
  std::optional<int> nr_of(std::string_view name) const;
  const std::vector<SyscallInfo>& all() const { return by_nr_; }  // indexed by nr; gaps have nr == -1
  std::string_view source() const { return source_; }   // "tracefs" or "builtin"
  size_t size() const;                                    // syscalls known

  // Adds or replaces the entry for info.nr (ignored when nr < 0).
  void add(SyscallInfo info);

 private:
  std::vector<SyscallInfo> by_nr_;
  std::unordered_map<std::string, int> nr_by_name_;
  std::string source_;
};

// Parse one tracefs sys_enter_X/format file: name "X" from "name: sys_enter_X" and the argument
// fields after __syscall_nr. tracefs does not carry syscall numbers: from_tracefs() takes them
// from the built-in table (kernel headers) by name. nr is left -1 here. Exposed for tests.
std::optional<SyscallInfo> parse_tracefs_format(std::string_view format_text);

}  // namespace sysray::decode
