#include "kernel/kernel_functions.h"

#include <bpf/btf.h>
#include <fnmatch.h>

#include <optional>
#include <string_view>

#include "util/read_lines.h"
#include "util/tracefs.h"

namespace sysray {
namespace {

// Keeps only the names some glob matches, so that the kernel's lists (150 000 kallsyms lines)
// are never stored whole. The literal prefix of each glob ("tcp_" of "tcp_*") rejects most
// names before fnmatch.
class GlobFilter {
 public:
  explicit GlobFilter(const std::vector<std::string>& globs) {
    for (const auto& g : globs) globs_.push_back({g, g.substr(0, g.find_first_of("*?[\\"))});
  }
  void add_if_matching(std::string_view name, std::set<std::string>& out) {
    for (const auto& g : globs_) {
      if (name.substr(0, g.prefix.size()) != g.prefix) continue;
      name_.assign(name);  // fnmatch needs the terminating NUL
      if (fnmatch(g.glob.c_str(), name_.c_str(), 0) == 0) {
        out.insert(name_);
        return;
      }
    }
  }

 private:
  struct Glob {
    std::string glob, prefix;
  };
  std::vector<Glob> globs_;
  std::string name_;
};

// available_filter_functions lines: "udp_sendmsg" or "foo [module]".
// nullopt: no readable list.
std::optional<std::set<std::string>> read_filter_functions(GlobFilter& filter) {
  std::set<std::string> out;
  std::string tracefs = tracefs_dir(true);
  if (tracefs.empty()) return std::nullopt;
  bool readable =
      for_each_line((tracefs + "/available_filter_functions").c_str(), [&](std::string_view line) {
        filter.add_if_matching(line.substr(0, line.find(' ')), out);
      });
  if (!readable) return std::nullopt;
  return out;
}

// /proc/kallsyms lines: "ffffffff81000000 T _stext" or "... t foo\t[module]".
std::set<std::string> read_kallsyms_text(GlobFilter& filter) {
  std::set<std::string> out;
  for_each_line("/proc/kallsyms", [&](std::string_view line) {
    size_t type = line.find(' ');
    if (type == std::string_view::npos || type + 2 >= line.size() || line[type + 2] != ' ')
      return;
    if (line[type + 1] != 't' && line[type + 1] != 'T') return;
    std::string_view name = line.substr(type + 3);
    filter.add_if_matching(name.substr(0, name.find_first_of(" \t")), out);
  });
  return out;
}

std::set<std::string> read_btf_funcs(GlobFilter& filter) {
  std::set<std::string> out;
  btf* vmlinux = btf__load_vmlinux_btf();
  if (!vmlinux) return out;
  for (__u32 id = 1, n = btf__type_cnt(vmlinux); id < n; ++id) {
    const btf_type* t = btf__type_by_id(vmlinux, id);
    if (btf_is_func(t)) filter.add_if_matching(btf__name_by_offset(vmlinux, t->name_off), out);
  }
  btf__free(vmlinux);
  return out;
}

bool matches(const std::string& glob, const std::string& name) {
  return fnmatch(glob.c_str(), name.c_str(), 0) == 0;
}

}  // namespace

bool is_compiler_clone(const std::string& name) { return name.find('.') != std::string::npos; }

KernelFunctions::KernelFunctions(std::optional<std::set<std::string>> filter_functions,
                                 std::set<std::string> kallsyms_text,
                                 std::set<std::string> btf_funcs)
    : has_filter_list_(filter_functions.has_value()),
      filter_functions_(std::move(filter_functions).value_or(std::set<std::string>{})),
      kallsyms_(std::move(kallsyms_text)),
      btf_(std::move(btf_funcs)) {}

KernelFunctions KernelFunctions::load(const std::vector<std::string>& globs) {
  GlobFilter filter(globs);
  // Named, so that the order is fixed: the lists are read one after the other.
  std::optional<std::set<std::string>> filter_functions = read_filter_functions(filter);
  std::set<std::string> kallsyms = read_kallsyms_text(filter);
  return KernelFunctions(std::move(filter_functions), std::move(kallsyms), read_btf_funcs(filter));
}

std::string KernelFunctions::source() const {
  return has_filter_list_ ? "available_filter_functions" : "kallsyms and BTF";
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
    else if (has_filter_list_ && !in_ftrace)
      why = "notrace (not in available_filter_functions)";
    else if (!has_filter_list_ && !in_btf)
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
