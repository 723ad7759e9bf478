// Running `sysray exporter` from the runtime tests, and a small HTTP client for it and for
// Prometheus' API (cpp-httplib stays inside exporter_support.cpp, the one file built with its
// compile definitions).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "run_process.h"

namespace sysray::test {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

struct HttpReply {
  bool ok = false;            // a reply came (any status)
  int status = 0;
  std::string body;
  std::string content_type;
};

// GET http://127.0.0.1:port/path with these headers and URL-encoded query parameters.
HttpReply http_get(int port, const std::string& path, const StringPairs& headers = {},
                   const StringPairs& params = {});

// A running `sysray exporter --listen 127.0.0.1:PORT ARGS...` on a free port.
class Exporter {
 public:
  explicit Exporter(const std::vector<std::string>& args);

  int port() const { return port_; }
  // True once /healthz answers "ok" (the programs are attached), within 30 s (scaled).
  bool wait_healthy();
  // GET /metrics in the text format.
  HttpReply scrape() { return http_get(port_, "/metrics"); }
  // SIGTERM, then the whole run's result.
  ProcessResult terminate();

 private:
  int port_;

 public:
  Process process;
};

}  // namespace sysray::test
