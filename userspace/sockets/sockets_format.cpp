#include "sockets/sockets_format.h"

#include <iterator>
#include <optional>

#include "decode/errno_names.h"
#include "decode/string_escape.h"
#include "format/clock_format.h"
#include "format/json_escape.h"
#include "format/stack_format.h"

namespace sysray::sockets {
namespace {

template <typename... Args>
void put(fmt::memory_buffer& buf, fmt::format_string<Args...> f, Args&&... args) {
  fmt::format_to(std::back_inserter(buf), f, std::forward<Args>(args)...);
}

std::string call_name(const FormatOptions& o, uint32_t nr) {
  std::string name = o.syscall_name ? o.syscall_name(nr) : "";
  return name.empty() ? fmt::format("syscall_{}", nr) : name;
}

// "EADDRINUSE", or the number when it has no name.
std::string errno_or_number(int err) {
  auto name = decode::errno_name(err);
  return name.empty() ? std::to_string(err) : std::string(name);
}

void put_time(fmt::memory_buffer& buf, uint64_t mono_ns, const FormatOptions& o) {
  append_time_of_day(buf, int64_t(mono_ns) + o.realtime_offset_ns, true);
}

void put_json_endpoint(fmt::memory_buffer& buf, const char* key, const Endpoint& e) {
  put(buf, ",\"{}\":{{\"addr\":\"{}\",\"port\":{}}}", key, e.addr_text(), e.port);
}

// ,"key":REALTIME_NS or ,"key":null
void put_json_time(fmt::memory_buffer& buf, const char* key, const std::optional<uint64_t>& mono_ns,
                   const FormatOptions& o) {
  if (mono_ns)
    put(buf, ",\"{}\":{}", key, int64_t(*mono_ns) + o.realtime_offset_ns);
  else
    put(buf, ",\"{}\":null", key);
}

void put_ret(fmt::memory_buffer& buf, const SocketEvent& ev) {
  if (ev.failed()) {
    int err = ev.error();
    put(buf, "-1 {} ({})", errno_or_number(err), decode::errno_message(err));
  } else {
    put(buf, "{}", ev.ret);
  }
}

}  // namespace

std::string endpoint_text(const Endpoint& e) {
  if (!e.family || (e.port == 0 && e.wildcard_addr())) return "*";
  return e.text();
}

void append_event_text(fmt::memory_buffer& buf, const SocketEvent& ev, const FormatOptions& o) {
  put_time(buf, ev.ts_ns, o);
  put(buf, " {} {}/{} {} {} fd={} {} -> {} = ", ev.comm, ev.pid, ev.tid, event_name(ev.kind),
      proto_name(ev.sock_type, ev.protocol), ev.fd, endpoint_text(ev.local),
      endpoint_text(ev.remote));
  put_ret(buf, ev);
  if (o.payload && (ev.kind == EventKind::Send || ev.kind == EventKind::Recv) && ev.bytes())
    put(buf, " data={}", decode::quote_bytes(ev.payload, ev.payload_full > ev.payload.size()));
  buf.push_back('\n');
  if (o.stacks) append_stack_lines(buf, ev.stack, o.source_lines);
}

void append_event_json(fmt::memory_buffer& buf, const SocketEvent& ev, const FormatOptions& o) {
  put(buf, "{{\"type\":\"socket\",\"event\":\"{}\",\"ts_ns\":{},\"pid\":{},\"tid\":{},\"comm\":",
      event_name(ev.kind), int64_t(ev.ts_ns) + o.realtime_offset_ns, ev.pid, ev.tid);
  append_json_string(buf, ev.comm);
  put(buf, ",\"fd\":{},\"proto\":\"{}\"", ev.fd, proto_name(ev.sock_type, ev.protocol));
  put_json_endpoint(buf, "local", ev.local);
  put_json_endpoint(buf, "remote", ev.remote);
  put(buf, ",\"bytes\":{},\"ret\":{}", ev.bytes(), ev.failed() ? -1 : ev.ret);
  if (ev.failed()) put(buf, ",\"errno\":\"{}\"", errno_or_number(ev.error()));
  put(buf, ",\"dur_ns\":{}", ev.dur_ns);
  if (o.payload && (ev.kind == EventKind::Send || ev.kind == EventKind::Recv)) {
    put(buf, ",\"payload\":");
    append_json_string(buf, ev.payload);
    put(buf, ",\"payload_truncated\":{}", ev.payload_full > ev.payload.size());
  }
  if (o.stacks) {
    buf.push_back(',');
    append_json_stack(buf, ev.stack);
  }
  put(buf, ",\"backend\":\"{}\"}}\n", o.backend);
}

void append_owners_text(fmt::memory_buffer& buf, const std::string& proto, const Endpoint& local,
                        const std::vector<PortOwner>& owners, uint64_t now_ns,
                        const FormatOptions& o) {
  if (owners.empty()) {
    put(buf, "  held by: no process sysray can see holds {}/{}\n", local.text(), proto);
    return;
  }
  for (const auto& owner : owners) {
    const OwnedSocket& s = owner.socket;
    put(buf, "  held by {} {} fd={} {}/{}", s.comm, s.pid, s.fd, s.local.text(), s.proto);
    if (s.since_ns) {
      put(buf, " since ");
      put_time(buf, *s.since_ns, o);
    } else {
      put(buf, " since before sysray started");
    }
    if (s.closed_ns) {
      put(buf, ", fd closed at ");
      put_time(buf, *s.closed_ns, o);
      put(buf, " (socket still referenced)");
    }
    if (owner.blocked.empty()) put(buf, "; no thread is blocked on it");
    for (const auto& c : owner.blocked) {
      put(buf, "; tid {} blocked in {}(fd={})", c.tid, call_name(o, c.nr), c.fd);
      if (c.since_ns && now_ns >= *c.since_ns)
        put(buf, " for {:.3f}s", double(now_ns - *c.since_ns) / 1e9);
      else
        put(buf, " since before sysray started");
    }
    if (s.later_closed_ns) {
      put(buf, "; closed since, at ");
      put_time(buf, *s.later_closed_ns, o);
    }
    if (s.exited) {
      put(buf, "; process exited since");
      if (s.exited_ns) {
        put(buf, ", at ");
        put_time(buf, *s.exited_ns, o);
      }
    }
    buf.push_back('\n');
    if (o.stacks && !s.bind_stack.empty()) {
      put(buf, "  its bind:\n");
      append_stack_lines(buf, s.bind_stack, o.source_lines);
    }
  }
}

void append_owners_json(fmt::memory_buffer& buf, const std::string& proto, const Endpoint& local,
                        const std::vector<PortOwner>& owners, uint64_t now_ns,
                        const FormatOptions& o) {
  auto head = [&] {
    put(buf, "{{\"type\":\"port_owner\",\"proto\":\"{}\",\"addr\":\"{}\",\"port\":{}", proto,
        local.addr_text(), local.port);
  };
  if (owners.empty()) {
    head();
    put(buf, ",\"pid\":null}}\n");
    return;
  }
  for (const auto& owner : owners) {
    const OwnedSocket& s = owner.socket;
    head();
    put(buf, ",\"pid\":{},\"comm\":", s.pid);
    append_json_string(buf, s.comm);
    put(buf, ",\"fd\":{}", s.fd);
    put_json_endpoint(buf, "local", s.local);
    put_json_time(buf, "since_ns", s.since_ns, o);
    put(buf, ",\"fd_closed\":{}", s.closed_ns.has_value());
    if (s.closed_ns) put(buf, ",\"closed_ns\":{}", int64_t(*s.closed_ns) + o.realtime_offset_ns);
    put_json_time(buf, "closed_since_ns", s.later_closed_ns, o);
    put(buf, ",\"exited_since\":{}", s.exited);
    put_json_time(buf, "exited_since_ns", s.exited_ns, o);
    put(buf, ",\"blocked\":[");
    for (size_t i = 0; i < owner.blocked.size(); ++i) {
      const auto& c = owner.blocked[i];
      put(buf, "{}{{\"tid\":{},\"syscall\":\"{}\",\"fd\":{},\"dur_ns\":", i ? "," : "", c.tid,
          call_name(o, c.nr), c.fd);
      if (c.since_ns && now_ns >= *c.since_ns)
        put(buf, "{}}}", now_ns - *c.since_ns);
      else
        put(buf, "null}}");
    }
    put(buf, "]");
    if (o.stacks && !s.bind_stack.empty()) {
      buf.push_back(',');
      append_json_stack(buf, s.bind_stack, "bind_stack");
    } else if (o.stacks) {
      put(buf, ",\"bind_stack\":null");
    }
    put(buf, "}}\n");
  }
}

void append_summary_text(fmt::memory_buffer& buf, const std::vector<SummaryRow>& rows) {
  put(buf, "{:<8} {:<16} {:<5} {:<46} {:>8} {:>8} {:>12} {:>12} {:>6} {:>6}\n", "PID", "COMM",
      "PROTO", "REMOTE", "CONNECTS", "ACCEPTS", "SENT", "RECEIVED", "ERRORS", "EAGAIN");
  for (const auto& r : rows)
    put(buf, "{:<8} {:<16} {:<5} {:<46} {:>8} {:>8} {:>12} {:>12} {:>6} {:>6}\n", r.pid, r.comm,
        r.proto, endpoint_text(r.remote), r.connects, r.accepts, r.bytes_sent, r.bytes_received,
        r.errors, r.would_block);
}

void append_summary_json(fmt::memory_buffer& buf, const std::vector<SummaryRow>& rows) {
  for (const auto& r : rows) {
    put(buf, "{{\"type\":\"socket_summary\",\"pid\":{},\"comm\":", r.pid);
    append_json_string(buf, r.comm);
    put(buf, ",\"proto\":\"{}\"", r.proto);
    if (r.remote.family)
      put_json_endpoint(buf, "remote", r.remote);
    else
      put(buf, ",\"remote\":null");
    put(buf,
        ",\"connects\":{},\"accepts\":{},\"bytes_sent\":{},\"bytes_received\":{},\"errors\":{},"
        "\"would_block\":{}}}\n",
        r.connects, r.accepts, r.bytes_sent, r.bytes_received, r.errors, r.would_block);
  }
}

}  // namespace sysray::sockets
