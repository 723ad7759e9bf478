#include "commands/function_targets.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "util/message.h"
#include "util/user_error.h"

namespace sysray {

FuncBackend choose_function_backend(const std::string& requested, const Features& f,
                                    bool return_probes) {
  struct Option {
    const char* name;        // --backend value
    const char* feature;     // what the feature probe calls it
    const char* ret_feature; // its return probe
    FuncBackend backend;
  };
  static const Option kOptions[] = {
      {"kprobe-multi", "kprobe.multi", "kretprobe", FuncBackend::KprobeMulti},
      {"fentry", "fentry", "fexit", FuncBackend::Fentry},
      {"kprobe", "kprobe", "kretprobe", FuncBackend::Kprobe}};
  for (const auto& o : kOptions) {
    if (requested != o.name) continue;
    for (const char* feature : {o.feature, return_probes ? o.ret_feature : nullptr})
      if (feature && !f.has(feature))
        throw UserError(fmt::format("--backend {} is not available on this kernel ({}: {})",
                                    o.name, feature, f.get(feature).reason), kExitRefused);
    return o.backend;
  }
  if (requested != "auto")
    throw UserError(fmt::format(
        "unknown --backend '{}': expected auto, kprobe-multi, fentry or kprobe", requested));
  // Features::kernel_function_backend pairs each backend with its return probe already.
  std::string best = f.kernel_function_backend();
  for (const auto& o : kOptions)
    if (best == o.name) return o.backend;
  if (return_probes)
    throw UserError(fmt::format(
        "no backend can time kernel functions on this kernel ({}): timing needs kprobe.multi "
        "or kprobe with kretprobe, or fentry with fexit",
        f.why_no_better({"kprobe.multi", "kretprobe", "fentry", "fexit", "kprobe"})),
        kExitRefused);
  throw UserError(fmt::format(
      "no backend can attach kernel functions on this kernel ({}); tracepoint patterns such as "
      "'t:sock:*' or 't:syscalls:sys_enter_bind' work here",
      f.why_no_better({"kprobe.multi", "fentry", "kprobe"})), kExitRefused);
}

void add_function_matches(const KernelFunctions& functions, const std::string& glob,
                          bool verbose, bool need_btf, std::vector<std::string>& out) {
  FunctionMatch m = functions.match(glob, need_btf);
  std::map<std::string, int> why_counts;
  for (const auto& [name, why] : m.skipped) {
    ++why_counts[why];
    if (verbose) spdlog::info("skipping {}: {}", name, why);
  }
  if (m.traceable.empty()) {
    if (m.skipped.empty()) throw UserError(fmt::format("no kernel function matches '{}'", glob));
    throw UserError(fmt::format("'{}' matches {} functions but none can be traced ({}: {})", glob,
                                m.skipped.size(), m.skipped[0].first, m.skipped[0].second));
  }
  std::string reasons;
  for (const auto& [why, n] : why_counts) reasons += fmt::format(", {} {}", n, why);
  print_message("'{}' matched {} functions ({}): {} traceable{}", glob,
                m.traceable.size() + m.skipped.size(), functions.source(), m.traceable.size(),
                reasons);
  for (auto& name : m.traceable)
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
}

void report_refused(const std::vector<std::pair<std::string, std::string>>& refused) {
  for (const auto& [what, why] : refused) print_message("could not attach {}: {}", what, why);
}

}  // namespace sysray
