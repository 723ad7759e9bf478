// Attaching BPF programs to kernel functions by one backend, each attachment carrying the
// function's index as its BPF cookie (the program's slot for it): what funccount (an entry
// program) and funclatency (an entry and a return program) share.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "util/unique_fd.h"

struct bpf_link;
struct bpf_program;
struct btf;

namespace sysray {

enum class FuncBackend { KprobeMulti, Fentry, Kprobe };
const char* func_backend_name(FuncBackend b);  // "kprobe-multi", "fentry", "kprobe"

// Before the object loads: an fentry/fexit program needs a target to load against; it gets the
// first function, and FunctionProbes loads copies of it for the others. Throws UserError.
void set_first_fentry_target(bpf_program* prog, const std::vector<std::string>& functions);

class FunctionProbes {
 public:
  FunctionProbes(FuncBackend backend, std::vector<std::string> functions)
      : backend_(backend), functions_(std::move(functions)), attached_(functions_.size()) {}
  ~FunctionProbes() { detach(); }
  FunctionProbes(const FunctionProbes&) = delete;
  FunctionProbes& operator=(const FunctionProbes&) = delete;

  // After the object loaded: attaches `entry` to each function and, when given, `ret` to its
  // return (the backend's kind of programs: kprobe.multi/kretprobe.multi, kprobe/kretprobe,
  // fentry/fexit). The return probe goes first, so that a function whose entry probe is then
  // refused leaves only a return probe that finds no start and does nothing.
  void attach(bpf_program* entry, bpf_program* ret);
  void detach();

  bool attached(size_t i) const { return i < attached_.size() && attached_[i]; }
  bool any_attached() const { return !links_.empty() || !raw_links_.empty(); }
  // What the kernel refused: (function or group, reason).
  const std::vector<std::pair<std::string, std::string>>& refused() const { return refused_; }

 private:
  bool attach_kprobe_multi(bpf_program* prog, bool retprobe);
  bool attach_kprobe(bpf_program* prog, size_t i, bool retprobe);
  bool attach_fentry(bpf_program* prog, size_t i, bool fexit, btf* vmlinux);
  void refuse(const std::string& what, int err);

  FuncBackend backend_;
  std::vector<std::string> functions_;
  std::vector<bool> attached_;
  std::vector<bpf_link*> links_;
  std::vector<UniqueFd> fentry_copies_;  // copies of the fentry/fexit programs for functions 2..n
  std::vector<UniqueFd> raw_links_;      // their links (libbpf has no bpf_link for raw fds)
  std::vector<std::pair<std::string, std::string>> refused_;
};

}  // namespace sysray
