// `sysray features`: what this kernel supports and what each command will use, and why a
// better option was not available.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands/commands.h"
#include "kernel/features.h"

namespace sysray {
namespace {

struct Choice {
  std::string command;
  std::string uses;
  std::string why_not_better;  // "" when the best option is in use
};

std::vector<Choice> choices(const Features& f) {
  std::vector<Choice> out;
  std::string sys = f.syscall_backend();
  out.push_back({"trace, count", sys.empty() ? "nothing: no syscall tracepoint attaches" : sys,
                 sys == "tp_btf" ? "" : f.why_no_better({"tp_btf", "raw_tp"})});
  std::string fn = f.kernel_function_backend();
  std::string fn_uses = fn.empty() ? "tracepoint patterns only (t:CATEGORY:EVENT)" : fn;
  out.push_back({"funccount", fn_uses,
                 fn == "kprobe-multi" ? "" : f.why_no_better({"kprobe.multi", "fentry", "kprobe"})});
  std::string sockets = f.socket_backends().front();
  std::string sockets_uses = sockets == "fentry"   ? "fentry/fexit"
                             : sockets == "kprobe" ? "kprobe/kretprobe"
                                                   : "syscall tracepoints (sys_enter/sys_exit)";
  out.push_back({"sockets", sockets_uses,
                 sockets == "fentry" ? "" : f.why_no_better({"fentry", "fexit", "kprobe", "kretprobe"})});
  return out;
}

void print_text(const Features& f) {
  fmt::print("kernel {}\n", f.kernel);
  for (const auto& feat : f.list) {
    std::string detail = feat.available ? (feat.reason.empty() ? "yes" : "yes (" + feat.reason + ")")
                                        : "no (" + feat.reason + ")";
    fmt::print("  {:<15} {}\n", feat.name + ":", detail);
  }
  fmt::print("  {:<15} {}\n", "lockdown:", f.lockdown);
  fmt::print("  {:<15} CAP_SYS_ADMIN={} CAP_BPF={} CAP_PERFMON={}\n", "capabilities:",
             f.caps.sys_admin ? "yes" : "no", f.caps.bpf ? "yes" : "no",
             f.caps.perfmon ? "yes" : "no");
  fmt::print("commands will use:\n");
  for (const auto& c : choices(f)) {
    fmt::print("  {:<15} {}\n", c.command + ":", c.uses);
    if (!c.why_not_better.empty()) fmt::print("  {:<15} because {}\n", "", c.why_not_better);
  }
}

void print_json(const Features& f) {
  nlohmann::json j;
  j["type"] = "features";
  j["kernel"] = f.kernel;
  for (const auto& feat : f.list) {
    nlohmann::json e{{"available", feat.available}};
    if (!feat.reason.empty()) e[feat.available ? "detail" : "reason"] = feat.reason;
    j["features"][feat.name] = e;
  }
  j["lockdown"] = f.lockdown;
  j["capabilities"] = {{"CAP_SYS_ADMIN", f.caps.sys_admin}, {"CAP_BPF", f.caps.bpf},
                       {"CAP_PERFMON", f.caps.perfmon}};
  for (const auto& c : choices(f)) {
    nlohmann::json e{{"uses", c.uses}};
    if (!c.why_not_better.empty()) e["why_not_better"] = c.why_not_better;
    j["commands"][c.command] = e;
  }
  fmt::print("{}\n", j.dump());
}

}  // namespace

int run_features(const FeaturesOptions& o) {
  const Features& f = kernel_features();
  if (o.json)
    print_json(f);
  else
    print_text(f);
  return 0;
}

}  // namespace sysray
