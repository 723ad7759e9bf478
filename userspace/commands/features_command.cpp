// `sysray features`: what this kernel supports and what each command will use, and why a
// better option was not available.
#include "commands/commands.h"
#include "format/output.h"
#include "format/output_stream.h"
#include "kernel/features.h"

namespace sysray {
namespace {

std::vector<FeatureChoice> choices(const Features& f) {
  std::vector<FeatureChoice> out;
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

}  // namespace

int run_features(const FeaturesOptions& o) {
  const Features& f = all_kernel_features();
  OutputStream out("");
  make_output(o.json)->features(out.buffer(), f, choices(f));
  out.flush();
  return 0;
}

}  // namespace sysray
