#include "bpfload/function_probes.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

#include "decode/errno_names.h"
#include "kernel/privileges.h"
#include "util/user_error.h"

namespace sysray {

const char* func_backend_name(FuncBackend b) {
  switch (b) {
    case FuncBackend::KprobeMulti: return "kprobe-multi";
    case FuncBackend::Fentry: return "fentry";
    case FuncBackend::Kprobe: return "kprobe";
  }
  return "?";
}

void set_first_fentry_target(bpf_program* prog, const std::vector<std::string>& functions) {
  if (functions.empty()) return;
  if (int err = bpf_program__set_attach_target(prog, 0, functions[0].c_str()))
    throw UserError(fmt::format("fentry cannot target {}: {}", functions[0],
                                decode::errno_label(-err)));
}

void FunctionProbes::refuse(const std::string& what, int err) {
  refused_.emplace_back(what, attach_refused(err));
}

void FunctionProbes::detach() {
  for (bpf_link* l : links_) bpf_link__destroy(l);
  links_.clear();
  raw_links_.clear();  // closing a link fd detaches it
  fentry_copies_.clear();
}

void FunctionProbes::attach(bpf_program* entry, bpf_program* ret) {
  if (functions_.empty()) return;
  if (backend_ == FuncBackend::KprobeMulti) {
    // One link per program for every function: the point of kprobe.multi (one ftrace update).
    if ((!ret || attach_kprobe_multi(ret, true)) && attach_kprobe_multi(entry, false))
      std::fill(attached_.begin(), attached_.end(), true);
    return;
  }
  btf* vmlinux = nullptr;
  if (backend_ == FuncBackend::Fentry) {
    vmlinux = btf__load_vmlinux_btf();
    if (!vmlinux) throw UserError("fentry needs kernel BTF, which cannot be read", kExitRefused);
  }
  for (size_t i = 0; i < functions_.size(); ++i) {
    auto one = [&](bpf_program* prog, bool is_return) {
      return backend_ == FuncBackend::Fentry ? attach_fentry(prog, i, is_return, vmlinux)
                                             : attach_kprobe(prog, i, is_return);
    };
    attached_[i] = (!ret || one(ret, true)) && one(entry, false);
  }
  btf__free(vmlinux);
}

bool FunctionProbes::attach_kprobe_multi(bpf_program* prog, bool retprobe) {
  std::vector<const char*> syms;
  std::vector<__u64> cookies;
  for (size_t i = 0; i < functions_.size(); ++i) {
    syms.push_back(functions_[i].c_str());
    cookies.push_back(i);
  }
  LIBBPF_OPTS(bpf_kprobe_multi_opts, opts, .syms = syms.data(), .cookies = cookies.data(),
              .cnt = syms.size(), .retprobe = retprobe);
  bpf_link* link = bpf_program__attach_kprobe_multi_opts(prog, nullptr, &opts);
  if (!link) {
    refuse(fmt::format("{} functions (kprobe.multi{})", syms.size(), retprobe ? " return" : ""),
           errno);
    return false;
  }
  links_.push_back(link);
  return true;
}

bool FunctionProbes::attach_kprobe(bpf_program* prog, size_t i, bool retprobe) {
  LIBBPF_OPTS(bpf_kprobe_opts, opts, .bpf_cookie = i, .retprobe = retprobe);
  bpf_link* link = bpf_program__attach_kprobe_opts(prog, functions_[i].c_str(), &opts);
  if (!link) {
    refuse(functions_[i], errno);
    return false;
  }
  links_.push_back(link);
  return true;
}

bool FunctionProbes::attach_fentry(bpf_program* prog, size_t i, bool fexit, btf* vmlinux) {
  int prog_fd = bpf_program__fd(prog);
  bpf_attach_type type = fexit ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY;
  if (i > 0) {  // the loaded program targets functions_[0]: load a copy for this one
    int id = btf__find_by_name_kind(vmlinux, functions_[i].c_str(), BTF_KIND_FUNC);
    if (id < 0) {
      refused_.emplace_back(functions_[i], "no BTF entry for fentry");
      return false;
    }
    LIBBPF_OPTS(bpf_prog_load_opts, load, .expected_attach_type = type,
                .attach_btf_id = static_cast<__u32>(id));
    prog_fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, bpf_program__name(prog), "GPL",
                            bpf_program__insns(prog), bpf_program__insn_cnt(prog), &load);
    if (prog_fd < 0) {
      refused_.emplace_back(functions_[i], "load refused: " + decode::errno_label(errno));
      return false;
    }
    fentry_copies_.emplace_back(prog_fd);
  }
  LIBBPF_OPTS(bpf_link_create_opts, lopts, .tracing = {.cookie = i});
  int link_fd = bpf_link_create(prog_fd, 0, type, &lopts);
  if (link_fd < 0) {
    refuse(functions_[i], errno);
    return false;
  }
  raw_links_.emplace_back(link_fd);
  return true;
}

}  // namespace sysray
