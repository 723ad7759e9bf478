// The exporter's HTTP side (cpp-httplib): GET /metrics (text 0.0.4, or OpenMetrics when the
// Accept header asks for it), GET /healthz, on a small thread pool with a read timeout, so that
// a client that connects and sends nothing holds one worker for a few seconds and never the
// others. The listening socket is bound at construction (errors there are the user's to see
// before anything else starts); serving starts with start() and ends with stop() or the
// destructor, which joins every thread.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "exporter/listen_address.h"
#include "exporter/metrics_text.h"

namespace httplib {
class Server;
}

namespace sysray::exporter {

class MetricsServer {
 public:
  // The body of one scrape in `format` (called from the worker threads, concurrently).
  using Scrape = std::function<std::string(ExpositionFormat format)>;

  struct Limits {
    int threads = 4;             // concurrent connections served
    int read_timeout_s = 3;      // a silent client is dropped after this
    int keep_alive_timeout_s = 5;
  };

  // Throws UserError (exit 1) naming the address and why when it cannot be bound.
  MetricsServer(const ListenAddress& address, Scrape scrape, Limits limits);
  MetricsServer(const ListenAddress& address, Scrape scrape)
      : MetricsServer(address, std::move(scrape), Limits{}) {}
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  void start();
  // Closes the listening socket and waits for the workers (at most a read timeout).
  void stop();
  // False once the serving thread ended (stopped, or the socket failed).
  bool serving() const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> listen_ended_{false};
};

}  // namespace sysray::exporter
