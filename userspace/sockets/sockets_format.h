// `sysray sockets` output: one line per event, the port-owner explanation after a failed bind or
// listen, and the summary; as text or as JSON Lines (docs/JSON.md). Each function appends whole
// lines, newline included.
//
// Text:
//   12:00:00.123456 rebind 4242/4243 bind udp fd=4 127.0.0.1:3101 -> * = -1 EADDRINUSE (Address already in use)
//     held by rebind 4242 fd=3 since 12:00:00.100000, fd closed at 12:00:00.150000 (socket still referenced); tid 4244 blocked in recvfrom(fd=3) for 0.512s
// With -k, strace -k's frame lines (" > /usr/lib/...(bind+0xb) [0x...]") follow each event,
// and "  its bind:" with that bind's frames follows each holder sysray saw bind.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "sockets/socket_event.h"
#include "sockets/socket_summary.h"
#include "sockets/socket_table.h"

namespace sysray::sockets {

struct FormatOptions {
  int64_t realtime_offset_ns = 0;   // CLOCK_MONOTONIC + this = CLOCK_REALTIME
  std::string backend;              // JSON "backend"
  bool payload = false;             // --payload given: show the data
  bool stacks = false;              // -k: each event's user stack, and the holder's bind's
  bool source_lines = false;        // -kk: FILE:LINE on each frame
  // Syscall number → name ("recvfrom"); "syscall_N" when it returns "".
  std::function<std::string(uint32_t)> syscall_name;
};

// "127.0.0.1:3101"; "*" for an endpoint with neither address nor port.
std::string endpoint_text(const Endpoint& e);

void append_event_text(fmt::memory_buffer& buf, const SocketEvent& ev, const FormatOptions& o);
void append_event_json(fmt::memory_buffer& buf, const SocketEvent& ev, const FormatOptions& o);

// Who holds `local` (proto) after `failed` was refused; `now_ns` (CLOCK_MONOTONIC) dates the
// blocked calls. No owners: one line saying nobody visible holds it.
void append_owners_text(fmt::memory_buffer& buf, const std::string& proto, const Endpoint& local,
                        const std::vector<PortOwner>& owners, uint64_t now_ns,
                        const FormatOptions& o);
void append_owners_json(fmt::memory_buffer& buf, const std::string& proto, const Endpoint& local,
                        const std::vector<PortOwner>& owners, uint64_t now_ns,
                        const FormatOptions& o);

void append_summary_text(fmt::memory_buffer& buf, const std::vector<SummaryRow>& rows);
void append_summary_json(fmt::memory_buffer& buf, const std::vector<SummaryRow>& rows);

}  // namespace sysray::sockets
