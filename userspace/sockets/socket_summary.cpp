#include "sockets/socket_summary.h"

#include <cerrno>

namespace sysray::sockets {

void SocketSummary::add(const SocketEvent& ev) {
  // Events without a peer are summed under "no remote"; a peer is only real with a port.
  Endpoint remote = ev.remote.port ? ev.remote : Endpoint{};
  std::string proto = proto_name(ev.sock_type, ev.protocol);
  SummaryRow& row = rows_[{ev.pid, proto, remote}];
  row.pid = ev.pid;
  row.comm = ev.comm;
  row.proto = proto;
  row.remote = remote;
  if (ev.kind == EventKind::Connect) ++row.connects;
  if (ev.kind == EventKind::Accept && !ev.failed()) ++row.accepts;
  if (ev.kind == EventKind::Send) row.bytes_sent += ev.bytes();
  if (ev.kind == EventKind::Recv) row.bytes_received += ev.bytes();
  // A non-blocking call that had nothing to do yet is how event loops work, not a failure.
  if (ev.error() == EAGAIN)
    ++row.would_block;
  else if (ev.failed())
    ++row.errors;
}

std::vector<SummaryRow> SocketSummary::rows() const {
  std::vector<SummaryRow> out;
  for (const auto& [key, row] : rows_)
    if (row.connects || row.accepts || row.bytes_sent || row.bytes_received || row.errors ||
        row.would_block)
      out.push_back(row);
  return out;
}

}  // namespace sysray::sockets
