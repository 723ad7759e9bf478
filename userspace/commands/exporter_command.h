// `sysray exporter --listen ADDR:PORT [-p PID | --cgroup PATH]`: Prometheus metrics read from the
// kernel's counting maps at scrape time (docs/EXPORTER.md).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "cli/target_options.h"

namespace CLI {
class App;
}

namespace sysray {

struct ExporterOptions {
  TargetOptions targets;               // -p, -f, -e, --cgroup, --backend
  std::string listen = "127.0.0.1:9464";
  size_t max_series = 10000;           // --max-series: comm series of their own; the rest: "other"
  std::vector<std::string> funcs;      // --funcs PATTERN: kernel functions / t:CATEGORY:EVENT to count
  bool sockets = false;                // --sockets: socket events per comm, event and protocol
};

CLI::App* add_exporter_command(CLI::App& app, ExporterOptions& opts, int& verbosity);

int run_exporter(ExporterOptions& opts);

}  // namespace sysray
