#include "kernel/features.h"

#include <bpf/libbpf.h>
#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>
#include <functional>
#include <memory>
#include <stdexcept>

#include "decode/errno_names.h"
#include "probe_features.skel.h"
#include "kernel/privileges.h"
#include "util/read_lines.h"
#include "util/tracefs.h"

namespace sysray {
namespace {

constexpr const char* kTraceTarget = "vfs_read";  // exists, traceable, on every kernel

bool file_exists(const char* path) { return access(path, F_OK) == 0; }

bool kallsyms_has(std::string_view symbol) {
  bool found = false;
  for_each_line("/proc/kallsyms", [&](std::string_view line) {
    // "ffffffff81000000 T name" or "... t name\t[module]"
    size_t name = line.find(' ', line.find(' ') + 1);
    if (name != std::string_view::npos &&
        line.substr(name + 1, line.find_first_of(" \t", name + 1) - name - 1) == symbol)
      found = true;
  });
  return found;
}

struct SkelDeleter {
  void operator()(probe_features_bpf* s) const { probe_features_bpf__destroy(s); }
};
struct LinkDeleter {
  void operator()(bpf_link* l) const { bpf_link__destroy(l); }
};

using AttachFn = std::function<bpf_link*(bpf_program*)>;

// Loads only `program` of the probe object; attaches it with `attach` when given.
Feature try_program(const std::string& feature, const char* program, const AttachFn& attach) {
  Feature f{feature, false, ""};
  std::unique_ptr<probe_features_bpf, SkelDeleter> skel(probe_features_bpf__open());
  if (!skel) return {feature, false, "cannot open the probe object: " + decode::errno_label(errno)};
  bpf_program* target = nullptr;
  bpf_program* p;
  bpf_object__for_each_program(p, skel->obj) {
    bool is_target = std::strcmp(bpf_program__name(p), program) == 0;
    bpf_program__set_autoload(p, is_target);
    if (is_target) target = p;
  }
  if (!target) throw std::logic_error(std::string("no probe program ") + program);
  if (int err = probe_features_bpf__load(skel.get())) {
    f.reason = "load refused: " + decode::errno_label(-err);
    return f;
  }
  if (attach) {
    std::unique_ptr<bpf_link, LinkDeleter> link(attach(target));
    if (!link) {
      f.reason = attach_refused(errno);
      return f;
    }
  }
  f.available = true;
  return f;
}

bpf_link* attach_default(bpf_program* p) { return bpf_program__attach(p); }

bpf_link* attach_kprobe_multi(bpf_program* p) {
  const char* syms[] = {kTraceTarget};
  LIBBPF_OPTS(bpf_kprobe_multi_opts, opts, .syms = syms, .cnt = 1);
  return bpf_program__attach_kprobe_multi_opts(p, nullptr, &opts);
}

// Only looks: a query mounts nothing (securityfs may simply not be mounted).
std::string lockdown_mode() {
  std::ifstream in("/sys/kernel/security/lockdown");
  std::string text;
  if (!std::getline(in, text))
    return "unknown (no /sys/kernel/security/lockdown: securityfs not mounted, or no LSM)";
  auto open = text.find('['), close = text.find(']');
  if (open == std::string::npos || close == std::string::npos) return "unknown (" + text + ")";
  return text.substr(open + 1, close - open - 1);
}

// Only looks; the commands that read tracefs mount it themselves (util/tracefs.h).
Feature tracefs_feature() {
  std::string dir = tracefs_dir(false);
  if (!dir.empty()) return {"tracefs", true, dir};
  return {"tracefs", false, tracefs_missing_reason()};
}

struct Probe {
  const char* feature;
  const char* program;  // in bpf/probe_features.bpf.c; null: not a BPF trial
  AttachFn attach;
};

AttachFn attach_kprobe(bool ret) {
  return [ret](bpf_program* p) { return bpf_program__attach_kprobe(p, ret, kTraceTarget); };
}

// Report order: what `sysray features` lists.
const std::vector<Probe>& probes() {
  static const std::vector<Probe> all = {
      {"kernel BTF", nullptr, nullptr},
      {"tracefs", nullptr, nullptr},
      {"tp_btf", "probe_tp_btf", attach_default},
      {"raw_tp", "probe_raw_tp", attach_default},
      {"tracepoint", "probe_tracepoint", attach_default},
      {"kprobe", "probe_kprobe", attach_kprobe(false)},
      {"kretprobe", "probe_kretprobe", attach_kprobe(true)},
      {"kprobe.multi", "probe_kprobe_multi", attach_kprobe_multi},
      {"fentry", "probe_fentry", attach_default},
      {"fexit", "probe_fexit", attach_default},
      {"ring buffer", "probe_ringbuf", nullptr},
      {"bpf_get_stack", "probe_get_stack", nullptr},
  };
  return all;
}

Feature probe_one(const Probe& p, const Capabilities& caps) {
  if (!p.program) {
    if (std::strcmp(p.feature, "tracefs") == 0) return tracefs_feature();
    bool btf = file_exists("/sys/kernel/btf/vmlinux");
    return {p.feature, btf, btf ? "/sys/kernel/btf/vmlinux" : "/sys/kernel/btf/vmlinux missing"};
  }
  if (!can_trace(caps)) return {p.feature, false, "not tried: needs root or CAP_BPF+CAP_PERFMON"};
  Feature f = try_program(p.feature, p.program, p.attach);
  bool kprobe_family = std::strncmp(p.feature, "kprobe", 6) == 0 ||
                       std::strcmp(p.feature, "kretprobe") == 0;
  // Scanning kallsyms is slow: only to explain a refusal.
  if (!f.available && kprobe_family && !kallsyms_has("register_kprobe"))
    f.reason = "kernel built without CONFIG_KPROBES";
  return f;
}

Features probe_kernel() {
  Features fs;
  utsname u{};
  uname(&u);
  fs.kernel = u.release;
  fs.caps = held_capabilities();
  fs.lockdown = lockdown_mode();
  fs.probe = [caps = fs.caps](const std::string& name) {
    for (const auto& p : probes())
      if (name == p.feature) return probe_one(p, caps);
    throw std::out_of_range("unknown feature " + name);
  };
  return fs;
}

}  // namespace

const Feature& Features::get(const std::string& name) const {
  for (const auto& f : list)
    if (f.name == name) return f;
  if (!probe) throw std::out_of_range("unknown feature " + name);
  return list.emplace_back(probe(name));
}

std::string Features::syscall_backend() const {
  if (has("tp_btf")) return "tp_btf";
  if (has("raw_tp")) return "raw_tp";
  return "";
}

std::string Features::kernel_function_backend() const {
  if (has("kprobe.multi") && has("kretprobe")) return "kprobe-multi";
  if (has("fentry") && has("fexit")) return "fentry";
  if (has("kprobe") && has("kretprobe")) return "kprobe";
  return "";
}

std::vector<std::string> Features::socket_backends() const {
  std::vector<std::string> out;
  if (has("fentry") && has("fexit")) out.push_back("fentry");
  if (has("kprobe") && has("kretprobe")) out.push_back("kprobe");
  out.push_back("syscalls");
  return out;
}

std::string Features::why_no_better(const std::vector<std::string>& names) const {
  std::string out;
  for (const auto& n : names) {
    const Feature& f = get(n);
    if (f.available) continue;
    out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", n, f.reason);
  }
  return out;
}

const Features& kernel_features() {
  static const Features features = probe_kernel();
  return features;
}

const Features& all_kernel_features() {
  const Features& f = kernel_features();
  std::deque<Feature> ordered;
  for (const auto& p : probes()) ordered.push_back(f.get(p.feature));
  f.list = std::move(ordered);
  return f;
}

}  // namespace sysray
