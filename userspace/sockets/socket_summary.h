// The end-of-session summary: per process and remote endpoint, connects, accepts, bytes sent
// and received, errors, and would-block results apart from them.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sockets/socket_event.h"

namespace sysray::sockets {

struct SummaryRow {
  uint32_t pid = 0;
  std::string comm;
  std::string proto;
  Endpoint remote;       // family 0 for events with no peer (socket, bind, listen)
  uint64_t connects = 0, accepts = 0, bytes_sent = 0, bytes_received = 0;
  uint64_t errors = 0;       // failed calls, but for would_block
  uint64_t would_block = 0;  // EAGAIN (EWOULDBLOCK): a non-blocking call with nothing to do yet
};

class SocketSummary {
 public:
  void add(const SocketEvent& ev);
  // Rows with something to say, by pid, then proto, then remote endpoint.
  std::vector<SummaryRow> rows() const;

 private:
  std::map<std::tuple<uint32_t, std::string, Endpoint>, SummaryRow> rows_;
};

}  // namespace sysray::sockets
