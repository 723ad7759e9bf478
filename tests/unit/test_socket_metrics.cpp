// exporter --sockets: the two socket families from a snapshot of the kernel's counts, with
// --max-series folding and the full hash's events under "other".
#include <catch2/catch.hpp>

#include "exporter/socket_metrics.h"

using namespace sysray::exporter;

TEST_CASE("exporter --sockets: events per comm, event and proto; failures per errno", "[exporter]") {
  SocketSnapshot snap;
  snap.events = {{"app", "bind", "udp", 0, 1},
                 {"app", "bind", "udp", 98, 1},
                 {"app", "close", "udp", 0, 2},
                 {"web", "connect", "tcp", 111, 3}};
  snap.unattributed = {{"send", 5}};
  SeriesLimiter limiter(2);
  std::string text = render(socket_families(snap, limiter), ExpositionFormat::Text);
  CHECK(text ==
        "# HELP sysray_socket_events_total Socket events (socket, bind, listen, connect, accept, send, recv, "
        "close) of IPv4 and IPv6 sockets, per comm, event and protocol\n"
        "# TYPE sysray_socket_events_total counter\n"
        "sysray_socket_events_total{comm=\"app\",event=\"bind\",proto=\"udp\"} 2\n"
        "sysray_socket_events_total{comm=\"other\",event=\"close\",proto=\"udp\"} 2\n"
        "sysray_socket_events_total{comm=\"other\",event=\"connect\",proto=\"tcp\"} 3\n"
        "sysray_socket_events_total{comm=\"other\",event=\"send\",proto=\"other\"} 5\n"
        "# HELP sysray_socket_errors_total Socket events that failed (a bind in use, a refused connect), per "
        "comm, event, protocol and errno\n"
        "# TYPE sysray_socket_errors_total counter\n"
        "sysray_socket_errors_total{comm=\"app\",event=\"bind\",proto=\"udp\",errno=\"EADDRINUSE\"} 1\n"
        "sysray_socket_errors_total{comm=\"other\",event=\"connect\",proto=\"tcp\",errno=\"ECONNREFUSED\"} 3\n");
  CHECK(limiter.folded() == 3);
}
