#include "exporter/http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>

#include "util/errno_text.h"
#include "util/user_error.h"

namespace sysray::exporter {

MetricsServer::MetricsServer(const ListenAddress& address, Scrape scrape, Limits limits)
    : server_(std::make_unique<httplib::Server>()) {
  auto& s = *server_;
  int threads = limits.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_read_timeout(limits.read_timeout_s, 0);
  s.set_write_timeout(limits.read_timeout_s, 0);
  s.set_keep_alive_timeout(limits.keep_alive_timeout_s);
  // httplib's default adds SO_REUSEPORT, which lets a second exporter bind the same port
  // silently and share the scrapes: only SO_REUSEADDR (restart while old connections linger).
  s.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  s.Get("/metrics", [scrape](const httplib::Request& req, httplib::Response& res) {
    ExpositionFormat format = negotiate(req.get_header_value("Accept"));
    res.set_content(scrape(format), content_type(format));
  });
  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain; charset=utf-8");
  });
  s.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("sysray exporter: metrics on /metrics, health on /healthz\n",
                    "text/plain; charset=utf-8");
  });
  errno = 0;
  if (!s.bind_to_port(address.host, address.port)) {
    // httplib keeps bind()'s errno (only close() and freeaddrinfo() follow it).
    int err = errno;
    throw UserError(fmt::format("cannot listen on {}: {}", address.text(),
                                err ? errno_text(err) : std::string("bind failed")),
                    kExitRefused);
  }
}

MetricsServer::~MetricsServer() { stop(); }

void MetricsServer::start() {
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listen_ended_ = true;
  });
}

void MetricsServer::stop() {
  if (!thread_.joinable()) return;
  // httplib's stop() does nothing until listen_after_bind() has marked the server running: a
  // stop right after start() must wait for that, or the join would never return.
  while (!server_->is_running() && !listen_ended_)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_->stop();
  thread_.join();
}

bool MetricsServer::serving() const { return !listen_ended_; }

}  // namespace sysray::exporter
