#include "exporter_support.h"

#include <httplib.h>
#include <signal.h>

#include <chrono>

#include "../unit/loopback_listener.h"
#include "runtime_support.h"

namespace sysray::test {

namespace {

std::vector<std::string> exporter_argv(int port, const std::vector<std::string>& args) {
  std::vector<std::string> argv{sysray_bin(), "exporter", "--listen", "127.0.0.1:" + std::to_string(port)};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

HttpReply http_get(int port, const std::string& path, const StringPairs& headers, const StringPairs& params) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  httplib::Headers h(headers.begin(), headers.end());
  httplib::Params p(params.begin(), params.end());
  auto r = client.Get(path, p, h);
  HttpReply reply;
  if (!r) return reply;
  reply.ok = true;
  reply.status = r->status;
  reply.body = r->body;
  reply.content_type = r->get_header_value("Content-Type");
  return reply;
}

Exporter::Exporter(const std::vector<std::string>& args)
    : port_(test_support::free_loopback_port()), process(exporter_argv(port_, args)) {}

bool Exporter::wait_healthy() {
  return poll_until(
      [&] {
        auto r = http_get(port_, "/healthz");
        return r.ok && r.status == 200 && r.body == "ok\n";
      },
      std::chrono::seconds(30));
}

ProcessResult Exporter::terminate() {
  process.signal(SIGTERM);
  return process.wait(scaled(std::chrono::seconds(15)));
}

}  // namespace sysray::test
