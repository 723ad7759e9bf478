#include "format/features_report.h"

#include <nlohmann/json.hpp>

#include "format/buffer_append.h"

namespace sysray {

void append_features_text(fmt::memory_buffer& buf, const Features& f,
                          const std::vector<FeatureChoice>& choices) {
  auto out = std::back_inserter(buf);
  fmt::format_to(out, "kernel {}\n", f.kernel);
  for (const auto& feat : f.list) {
    std::string detail = !feat.available     ? "no (" + feat.reason + ")"
                         : feat.reason.empty() ? "yes"
                                               : "yes (" + feat.reason + ")";
    fmt::format_to(out, "  {:<15} {}\n", feat.name + ":", detail);
  }
  fmt::format_to(out, "  {:<15} {}\n", "lockdown:", f.lockdown);
  fmt::format_to(out, "  {:<15} CAP_SYS_ADMIN={} CAP_BPF={} CAP_PERFMON={}\n", "capabilities:",
                 f.caps.sys_admin ? "yes" : "no", f.caps.bpf ? "yes" : "no",
                 f.caps.perfmon ? "yes" : "no");
  fmt::format_to(out, "commands will use:\n");
  for (const auto& c : choices) {
    fmt::format_to(out, "  {:<15} {}\n", c.command + ":", c.uses);
    if (!c.why_not_better.empty())
      fmt::format_to(out, "  {:<15} because {}\n", "", c.why_not_better);
  }
}

void append_features_json(fmt::memory_buffer& buf, const Features& f,
                          const std::vector<FeatureChoice>& choices) {
  nlohmann::json j;  // keys sorted: the order `sysray features --json` has always had
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
  for (const auto& c : choices) {
    nlohmann::json e{{"uses", c.uses}};
    if (!c.why_not_better.empty()) e["why_not_better"] = c.why_not_better;
    j["commands"][c.command] = e;
  }
  append(buf, j.dump());
  buf.push_back('\n');
}

}  // namespace sysray
