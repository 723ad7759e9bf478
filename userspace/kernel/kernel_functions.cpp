#include "kernel/kernel_functions.h"

#include <bpf/btf.h>
#include <fnmatch.h>

#include <fstream>
#include <sstream>

#include "util/tracefs.h"

namespace sysray {
namespace {

// available_filter_functions lines: "udp_sendmsg" or "foo [module]".
std::set<std::string> read_filter_functions() {
  std::set<std::string> out;
  std::string tracefs = tracefs_dir(true);
  if (tracefs.empty()) return out;
  std::ifstream in(tracefs + "/available_filter_functions");
  std::string line;
  while (std::getline(in, line)) out.insert(line.substr(0, line.find(' ')));
  return out;
}

std::set<std::string> read_kallsyms_text() {
  std::set<std::string> out;
  std::ifstream in("/proc/kallsyms");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string addr, type, name;
    if (!(fields >> addr >> type >> name)) continue;
    if (type == "t" || type == "T") out.insert(name);
  }
  return out;
}

std::set<std::string> read_btf_funcs() {
  std::set<std::string> out;
  btf* vmlinux = btf__load_vmlinux_btf();
  if (!vmlinux) return out;
  for (__u32 id = 1, n = btf__type_cnt(vmlinux); id < n; ++id) {
    const btf_type* t = btf__type_by_id(vmlinux, id);
    if (btf_is_func(t)) out.insert(btf__name_by_offset(vmlinux, t->name_off));
  }
  btf__free(vmlinux);
  return out;
}

bool matches(const std::string& glob, const std::string& name) {
  return fnmatch(glob.c_str(), name.c_str(), 0) == 0;
}

}  // namespace

bool is_compiler_clone(const std::string& name) { return name.find('.') != std::string::npos; }

KernelFunctions::KernelFunctions(std::set<std::string> filter_functions,
                                 std::set<std::string> kallsyms_text,
                                 std::set<std::string> btf_funcs)
    : filter_functions_(std::move(filter_functions)),
      kallsyms_(std::move(kallsyms_text)),
      btf_(std::move(btf_funcs)) {}

KernelFunctions KernelFunctions::load() {
  return KernelFunctions(read_filter_functions(), read_kallsyms_text(), read_btf_funcs());
}

std::string KernelFunctions::source() const {
  return filter_functions_.empty() ? "kallsyms and BTF" : "available_filter_functions";
}

FunctionMatch KernelFunctions::match(const std::string& glob, bool need_btf) const {
  std::set<std::string> candidates;
  for (const auto* names : {&filter_functions_, &kallsyms_, &btf_})
    for (const auto& n : *names)
      if (matches(glob, n)) candidates.insert(n);

  FunctionMatch m;
  for (const auto& name : candidates) {
    bool in_ftrace = filter_functions_.count(name) > 0;
    bool in_kallsyms = kallsyms_.count(name) > 0;
    bool in_btf = btf_.count(name) > 0;
    std::string why;
    if (is_compiler_clone(name))
      why = "compiler clone (not attachable by name)";
    else if (!in_kallsyms)
      why = "inlined (in BTF, no symbol)";
    else if (!filter_functions_.empty() && !in_ftrace)
      why = "notrace (not in available_filter_functions)";
    else if (filter_functions_.empty() && !in_btf)
      why = "no BTF entry (assembly or notrace)";
    else if (need_btf && !in_btf)
      why = "no BTF entry (fentry needs one)";
    if (why.empty())
      m.traceable.push_back(name);
    else
      m.skipped.emplace_back(name, why);
  }
  return m;
}

}  // namespace sysray
