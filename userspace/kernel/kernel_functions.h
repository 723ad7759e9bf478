// Which kernel functions can really be traced, and what a glob matches among them. libbpf's
// own kprobe.multi glob matches symbols that cannot be attached (EINVAL on `udp_*` on 6.12),
// so sysray resolves explicit names itself:
//  - where tracefs's available_filter_functions is readable, it is the list of traceable
//    functions (ftrace knows what it can patch);
//  - otherwise: text symbols of /proc/kallsyms that also have a BTF FUNC entry.
// Names matched but not traceable are reported with the reason.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sysray {

struct FunctionMatch {
  std::vector<std::string> traceable;                          // sorted, unique
  std::vector<std::pair<std::string, std::string>> skipped;    // name, why
};

class KernelFunctions {
 public:
  // Reads the kernel's lists (tracefs, /proc/kallsyms, /sys/kernel/btf/vmlinux), keeping only
  // the names one of `globs` matches: match() is then asked about those globs only.
  static KernelFunctions load(const std::vector<std::string>& globs);
  // For tests: explicit lists. `filter_functions` nullopt: the kernel has no readable list.
  KernelFunctions(std::optional<std::set<std::string>> filter_functions,
                  std::set<std::string> kallsyms_text, std::set<std::string> btf_funcs);

  // `need_btf`: the backend attaches by BTF id (fentry), so a function ftrace can patch but
  // BTF does not describe (assembly, a static the BTF dedup dropped, __x64_sys_* wrappers) is
  // skipped too, instead of failing at load time.
  FunctionMatch match(const std::string& glob, bool need_btf = false) const;
  // "available_filter_functions" or "kallsyms and BTF"
  std::string source() const;

 private:
  bool has_filter_list_;
  std::set<std::string> filter_functions_;
  std::set<std::string> kallsyms_;
  std::set<std::string> btf_;
};

// Compiler clones and split parts (foo.isra.0, foo.cold) cannot be attached by name.
bool is_compiler_clone(const std::string& name);

}  // namespace sysray
