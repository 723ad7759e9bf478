#include "exporter/socket_metrics.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "exporter/syscall_metrics.h"

namespace sysray::exporter {

namespace {

constexpr const char* kOther = "other";

using EventsKey = std::tuple<std::string, std::string, std::string>;               // comm, event, proto
using ErrorsKey = std::tuple<std::string, std::string, std::string, std::string>;  // ... errno

}  // namespace

std::vector<MetricFamily> socket_families(const SocketSnapshot& snap, SeriesLimiter& limiter) {
  std::vector<const SocketSnapshot::CommEvents*> rows;
  for (const auto& e : snap.events) rows.push_back(&e);
  std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    return std::tie(a->comm, a->event, a->proto, a->err) < std::tie(b->comm, b->event, b->proto, b->err);
  });
  // Summed per label set after sanitizing and folding, so that no series appears twice.
  std::map<EventsKey, uint64_t> events;
  std::map<ErrorsKey, uint64_t> errors;
  for (const auto* r : rows) {
    std::string comm = sanitize_utf8(r->comm);
    std::string events_comm = limiter.admit(series_key({"socket events", comm, r->event, r->proto})) ? comm : kOther;
    events[{events_comm, r->event, r->proto}] += r->events;
    if (r->err == 0) continue;
    std::string err = errno_label_value(r->err);
    std::string errors_comm =
        limiter.admit(series_key({"socket errors", comm, r->event, r->proto, err})) ? comm : kOther;
    errors[{errors_comm, r->event, r->proto, err}] += r->events;
  }
  for (const auto& u : snap.unattributed)
    if (u.events) events[{kOther, u.event, kOther}] += u.events;

  MetricFamily events_family{"sysray_socket_events",
                             "Socket events (socket, bind, listen, connect, accept, send, recv, close) of "
                             "IPv4 and IPv6 sockets, per comm, event and protocol",
                             MetricType::Counter, {}};
  for (const auto& [key, n] : events)
    events_family.samples.push_back(
        {"_total", {{"comm", std::get<0>(key)}, {"event", std::get<1>(key)}, {"proto", std::get<2>(key)}},
         static_cast<double>(n)});
  MetricFamily errors_family{"sysray_socket_errors",
                             "Socket events that failed (a bind in use, a refused connect), per comm, "
                             "event, protocol and errno",
                             MetricType::Counter, {}};
  for (const auto& [key, n] : errors)
    errors_family.samples.push_back({"_total",
                                     {{"comm", std::get<0>(key)},
                                      {"event", std::get<1>(key)},
                                      {"proto", std::get<2>(key)},
                                      {"errno", std::get<3>(key)}},
                                     static_cast<double>(n)});
  return {std::move(events_family), std::move(errors_family)};
}

}  // namespace sysray::exporter
