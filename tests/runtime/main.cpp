// sysray-runtime-tests: runs build/sysray against the workloads in build/workloads on the
// running kernel. Needs root. It refuses to run (exit 1) rather than skip when a prerequisite
// is missing, so that a green run always means the tests ran.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "runtime_support.h"

int main(int argc, char** argv) {
  using namespace sysray::test;
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv)) return rc;
  // Listing tests or showing help needs nothing else.
  const auto& cfg = session.configData();
  if (cfg.showHelp || cfg.listTests || cfg.listTestNamesOnly || cfg.listTags || cfg.listReporters)
    return session.run();

  bool ok = true;
  if (geteuid() != 0) {
    std::fprintf(stderr, "sysray-runtime-tests: must run as root (it loads BPF programs)\n");
    ok = false;
  }
  if (access(sysray_bin().c_str(), X_OK) != 0) {
    std::fprintf(stderr, "sysray-runtime-tests: no executable sysray at %s (set SYSRAY_BIN)\n",
                 sysray_bin().c_str());
    ok = false;
  }
  if (access(workload("getppid_loop").c_str(), X_OK) != 0) {
    std::fprintf(stderr, "sysray-runtime-tests: no workloads in %s (set SYSRAY_WORKLOADS)\n",
                 workloads_dir().c_str());
    ok = false;
  }
  if (!ok) return 1;
  std::fprintf(stderr, "sysray-runtime-tests: sysray %s, workloads %s\n", sysray_bin().c_str(),
               workloads_dir().c_str());
  return session.run();
}
