// The exporter's HTTP server with a stand-in scrape (no kernel): formats by Accept header,
// /healthz, a silent client that does not stall others, a port in use, stop right after start.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <chrono>
#include <string>

#include "exporter/http_server.h"
#include "loopback_listener.h"
#include "util/unique_fd.h"
#include "util/user_error.h"

using namespace sysray;
using namespace sysray::exporter;
using namespace sysray::test_support;

namespace {

std::string fake_scrape(ExpositionFormat f) {
  return f == ExpositionFormat::OpenMetrics ? "# EOF\n" : "x 1\n";
}

}  // namespace

TEST_CASE("exporter http: /metrics by Accept header, /healthz, silent clients", "[exporter]") {
  ListenAddress address{"127.0.0.1", free_loopback_port()};
  MetricsServer server(address, fake_scrape);
  server.start();
  httplib::Client client("127.0.0.1", address.port);
  client.set_read_timeout(10, 0);

  auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(health->body == "ok\n");

  auto text = client.Get("/metrics");
  REQUIRE(text);
  CHECK(text->body == "x 1\n");
  CHECK(text->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  auto om = client.Get("/metrics", {{"Accept", "application/openmetrics-text; version=1.0.0"}});
  REQUIRE(om);
  CHECK(om->body == "# EOF\n");

  // Three clients that connect and say nothing: each holds a worker until the read timeout (3 s);
  // the fourth worker answers a scrape at once.
  std::vector<UniqueFd> quiet;
  for (int i = 0; i < 3; ++i) quiet.push_back(silent_client(address.port));
  httplib::Client fresh("127.0.0.1", address.port);
  auto started = std::chrono::steady_clock::now();
  auto again = fresh.Get("/metrics");
  auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(again);
  CHECK(again->body == "x 1\n");
  CHECK(took < std::chrono::milliseconds(1500));
  server.stop();
  CHECK_FALSE(server.serving());
}

TEST_CASE("exporter http: a port in use is one clear error", "[exporter]") {
  LoopbackListener holder;
  ListenAddress address{"127.0.0.1", holder.port};
  try {
    MetricsServer server(address, fake_scrape);
    FAIL("bound a port in use");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()) ==
          "cannot listen on 127.0.0.1:" + std::to_string(holder.port) + ": Address already in use (98)");
    CHECK(e.exit_code() == kExitRefused);
  }
}

TEST_CASE("exporter http: stop right after start returns", "[exporter]") {
  for (int i = 0; i < 20; ++i) {
    MetricsServer server({"127.0.0.1", free_loopback_port()}, fake_scrape);
    server.start();
    server.stop();
  }
  MetricsServer never_started({"127.0.0.1", free_loopback_port()}, fake_scrape);
}
