#include "funccount_support.h"

#include <catch2/catch.hpp>

#include <regex>

namespace sysray::test {

bool has_feature(const std::string& name) {
  const json& f = kernel_features_json()["features"];
  INFO("sysray features --json has no " << name << ": " << f.dump());
  REQUIRE(f.contains(name));
  return f[name]["available"];
}

std::string feature_reason(const std::string& name) {
  return kernel_features_json()["features"][name].value("reason", "");
}

std::string best_function_backend() {
  if (has_feature("kprobe.multi") && has_feature("kretprobe")) return "kprobe-multi";
  if (has_feature("fentry") && has_feature("fexit")) return "fentry";
  if (has_feature("kprobe") && has_feature("kretprobe")) return "kprobe";
  return "";
}

const std::vector<FuncBackendCase>& forced_backends() {
  static const std::vector<FuncBackendCase> all = {
      {"kprobe-multi", "kprobe.multi"}, {"fentry", "fentry"}, {"kprobe", "kprobe"}};
  return all;
}

std::string no_backend_error() {
  // Features::why_no_better lists only the unavailable ones, in this order.
  std::string why;
  for (const auto& b : forced_backends())
    if (!has_feature(b.feature))
      why += (why.empty() ? "" : "; ") + b.feature + ": " + feature_reason(b.feature);
  return "sysray: no backend can attach kernel functions on this kernel (" + why +
         "); tracepoint patterns such as 't:sock:*' or 't:syscalls:sys_enter_bind' work here\n";
}

std::string backend_unavailable_error(const FuncBackendCase& b) {
  return "sysray: --backend " + b.flag + " is not available on this kernel (" + b.feature + ": " +
         feature_reason(b.feature) + ")\n";
}

void check_refused(const ProcessResult& r, int exit_code, const std::string& error) {
  INFO(r.describe());
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == exit_code);
  CHECK(r.err == error);
  CHECK(r.out == "");
}

FuncCounts parse_funccount_line(const std::string& line) {
  json j = json::parse(line);
  INFO(line);
  CHECK(j["type"] == "funccount");
  CHECK(j["lost"] == 0);
  FuncCounts fc;
  fc.backend = j["backend"];
  fc.interval = j.value("interval", 0);
  for (const auto& f : j["functions"]) fc.counts[f["name"]] = f["count"];
  return fc;
}

FuncCounts counts_of(const ProcessResult& r) {
  INFO(r.describe());
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.exit_code == 0);
  auto lines = split_lines(r.out);
  REQUIRE(lines.size() == 1);
  return parse_funccount_line(lines[0]);
}

int functions_counted(const std::string& err) {
  std::smatch m;
  if (!std::regex_search(err, m, std::regex("counting (\\d+) functions"))) return -1;
  return std::stoi(m[1]);
}

std::vector<std::string> counting_workload(int port) {
  return {"--", workload("udp_tcp_counts"), std::to_string(kDatagrams), std::to_string(kConnects),
          std::to_string(port)};
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace sysray::test
