// What this kernel lets sysray do, learned by trying (loading and attaching tiny programs from
// bpf/probe_features.bpf.c), never from the version number. `sysray features` prints it all;
// commands consult it to choose how to attach, and try only the features they ask about (each
// trial load costs, most under emulation: funccount's start-up was mostly probing).
#pragma once
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace sysray {

struct Feature {
  std::string name;        // "tp_btf", "kprobe", ...
  bool available = false;
  std::string reason;      // why not (or where, for files): "attach refused: EPERM"
};

struct Capabilities {
  bool sys_admin = false, bpf = false, perfmon = false;
};

struct Features {
  std::string kernel;          // uname -r
  // What is known so far (a deque: get()'s references stay valid as it grows).
  mutable std::deque<Feature> list;
  std::string lockdown;        // "none", "integrity", "confidentiality", or "unknown (...)"
  Capabilities caps;
  // Learns a feature not in `list` yet; none: `list` is all there is.
  std::function<Feature(const std::string&)> probe;

  // Probes `name` on first ask; throws std::out_of_range for a name nothing knows.
  const Feature& get(const std::string& name) const;
  bool has(const std::string& name) const { return get(name).available; }

  // The best way for each kind of probe, and why better ones were not available.
  std::string syscall_backend() const;                      // "tp_btf" / "raw_tp" / ""
  std::string kernel_function_backend() const;              // "kprobe-multi" / "fentry" / "kprobe" / ""
  // sockets' backends in order of preference, those this kernel has: "fentry" (needs fexit
  // too), "kprobe" (needs kretprobe), and always "syscalls" last.
  std::vector<std::string> socket_backends() const;
  std::string why_no_better(const std::vector<std::string>& better_than_choice) const;
};

Capabilities held_capabilities();

// This kernel's features, each probed once per process when first asked. Needs privileges for
// the BPF probes; without them the BPF features say "not tried: needs root or CAP_BPF+CAP_PERFMON".
const Features& kernel_features();
// The same with every feature probed, `list` in report order (`sysray features`).
const Features& all_kernel_features();

}  // namespace sysray
