#include "format/json_format.h"

#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "format/buffer_append.h"
#include "decode/errno_names.h"
#include "decode/signal_names.h"
#include "decode/thread_end.h"
#include "format/json_escape.h"

namespace sysray {

namespace {

using Kind = decode::DecodedArg::Kind;

template <typename... T>
void append_fmt(fmt::memory_buffer& buf, fmt::format_string<T...> f, T&&... args) {
  fmt::format_to(std::back_inserter(buf), f, std::forward<T>(args)...);
}

void append_sockaddr(fmt::memory_buffer& buf, const decode::SockaddrInfo& sa) {
  append(buf, "{\"family\":");
  append_json_string(buf, sa.family_name);
  switch (sa.family) {
    case AF_INET:
    case AF_INET6:
      append(buf, ",\"addr\":");
      append_json_string(buf, sa.addr);
      append_fmt(buf, ",\"port\":{}", sa.port);
      break;
    case AF_UNIX:
      append(buf, ",\"path\":");
      append_json_string(buf, sa.path);
      break;
    case AF_NETLINK:
      append_fmt(buf, ",\"pid\":{},\"groups\":{}", sa.nl_pid, sa.nl_groups);
      break;
    default: break;
  }
  buf.push_back('}');
}

// The fields every object of a thread's starts with: type, time, pid, tid, comm; leaves the
// object open.
void append_event_head(fmt::memory_buffer& buf, std::string_view type, const SyscallEvent& ev,
                       const JsonOptions& opts) {
  append_fmt(buf, "{{\"type\":\"{}\",\"ts_ns\":{},\"pid\":{},\"tid\":{},\"comm\":", type,
             static_cast<int64_t>(ev.ts_ns) + opts.realtime_offset_ns, ev.pid, ev.tid);
  append_json_string(buf, ev.comm);
}

// The fields every syscall object starts with, "args" included; leaves the object open.
void append_call_head(fmt::memory_buffer& buf, std::string_view type, const SyscallEvent& ev,
                      const std::vector<decode::DecodedArg>& args, std::string_view name,
                      const JsonOptions& opts) {
  append_event_head(buf, type, ev, opts);
  append(buf, ",\"syscall\":");
  append_json_string(buf, name);
  append(buf, ",\"args\":[");
  bool any_truncated = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].joined) continue;  // text only: the result is in "ret"
    if (i) buf.push_back(',');
    append_json_arg(buf, args[i]);
    any_truncated |= args[i].truncated;
  }
  buf.push_back(']');
  // Named arguments (clone's): their names, null for the others.
  if (std::any_of(args.begin(), args.end(), [](const auto& a) { return a.name != nullptr; })) {
    append(buf, ",\"arg_names\":[");
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].joined) continue;
      if (i) buf.push_back(',');
      if (args[i].name)
        append_json_string(buf, args[i].name);
      else
        append(buf, "null");
    }
    buf.push_back(']');
  }
  if (!any_truncated) return;
  append(buf, ",\"truncated_args\":[");
  const char* sep = "";
  for (size_t i = 0; i < args.size(); ++i) {
    if (!args[i].truncated) continue;
    append_fmt(buf, "{}{}", sep, i);
    sep = ",";
  }
  buf.push_back(']');
}

void append_result(fmt::memory_buffer& buf, const SyscallEvent& ev) {
  if (ev.flags & SR_F_NO_RETURN) return append(buf, ",\"ret\":null");
  if (int err = syscall_error(ev)) {
    // Like strace (and libc): -1, and the error apart.
    std::string_view name = decode::errno_name(err);
    if (name.empty())
      append_fmt(buf, ",\"ret\":-1,\"errno\":\"{}\"", err);
    else
      append_fmt(buf, ",\"ret\":-1,\"errno\":\"{}\"", name);  // E* names need no escaping
  } else {
    append_fmt(buf, ",\"ret\":{}", ev.ret);
  }
  append_fmt(buf, ",\"dur_ns\":{}", ev.dur_ns);
}

// trace -y: ,"fd_paths":{"0":"/etc/passwd","ret":"/etc/passwd"}: by argument index (a pipe's
// pair: "0.0", "0.1"), and "ret" for the descriptor returned.
void append_fd_paths(fmt::memory_buffer& buf, const std::vector<decode::DecodedArg>& args,
                     std::string_view ret_path) {
  bool any = false;
  auto field = [&](std::string_view key, std::string_view path) {
    append_fmt(buf, "{}\"{}\":", any ? "," : ",\"fd_paths\":{", key);
    append_json_string(buf, path);
    any = true;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    if (!args[i].fd_path.empty()) field(std::to_string(i), args[i].fd_path);
    if (args[i].kind != Kind::Array) continue;
    for (size_t k = 0; k < args[i].items.size(); ++k)
      if (!args[i].items[k].fd_path.empty())
        field(fmt::format("{}.{}", i, k), args[i].items[k].fd_path);
  }
  if (!ret_path.empty()) field("ret", ret_path);
  if (any) buf.push_back('}');
}

}  // namespace

void append_json_arg(fmt::memory_buffer& buf, const decode::DecodedArg& arg) {
  switch (arg.kind) {
    case Kind::Int: return append_fmt(buf, "{}", arg.value);
    case Kind::Unsigned: return append_fmt(buf, "{}", static_cast<uint64_t>(arg.value));
    case Kind::Pointer:
      // From the value, not the text: a msghdr without msg_name has a struct as text.
      if (arg.value == 0) return append(buf, "null");
      return append_fmt(buf, "\"{:#x}\"", static_cast<uint64_t>(arg.value));
    case Kind::String:
    case Kind::Buffer: return append_json_string(buf, arg.bytes);
    case Kind::Sockaddr:
      if (arg.sockaddr) return append_sockaddr(buf, *arg.sockaddr);
      return append_json_string(buf, arg.text);
    case Kind::Hex:
    case Kind::Symbol: {
      std::string_view text = arg.text;
      if (arg.name) text.remove_prefix(std::min(text.size(), std::strlen(arg.name) + 1));  // "name="
      return append_json_string(buf, text);
    }
    case Kind::Array:
    case Kind::Struct: {
      bool object = arg.kind == Kind::Struct;
      buf.push_back(object ? '{' : '[');
      for (size_t i = 0; i < arg.items.size(); ++i) {
        if (i) buf.push_back(',');
        if (object) {
          append_json_string(buf, arg.items[i].name ? arg.items[i].name : "");
          buf.push_back(':');
        }
        append_json_arg(buf, arg.items[i]);
      }
      buf.push_back(object ? '}' : ']');
      return;
    }
  }
}

void append_json_syscall(fmt::memory_buffer& buf, const SyscallEvent& ev,
                         const std::vector<decode::DecodedArg>& args, std::string_view name,
                         const JsonOptions& opts, std::string_view ret_path) {
  append_call_head(buf, "syscall", ev, args, name, opts);
  append_result(buf, ev);
  append_fd_paths(buf, args, ret_path);
  append(buf, "}\n");
}

void append_json_syscall_enter(fmt::memory_buffer& buf, const SyscallEvent& enter,
                               const std::vector<decode::DecodedArg>& args, std::string_view name,
                               const JsonOptions& opts) {
  append_call_head(buf, "syscall_enter", enter, args, name, opts);
  append_fd_paths(buf, args, {});
  append(buf, "}\n");
}

void append_json_thread_exit(fmt::memory_buffer& buf, const SyscallEvent& ev,
                             const JsonOptions& opts) {
  append_event_head(buf, "exit", ev, opts);
  decode::ThreadEnd end = decode::thread_end(ev.ret);
  if (end.killed)
    append_fmt(buf, ",\"killed_by\":\"{}\",\"core_dumped\":{}}}\n", decode::signal_name(end.value),
               end.core_dumped);
  else
    append_fmt(buf, ",\"exit_code\":{}}}\n", end.value);
}

void append_json_signal(fmt::memory_buffer& buf, const SyscallEvent& ev,
                        const decode::DecodedArg& siginfo, const JsonOptions& opts) {
  append_event_head(buf, "signal", ev, opts);
  append(buf, ",\"signal\":");
  append_json_string(buf, decode::signal_name(static_cast<int>(ev.args[0])));
  append(buf, ",\"siginfo\":");
  append_json_arg(buf, siginfo);
  append(buf, "}\n");
}

void append_json_lost(fmt::memory_buffer& buf, uint64_t count, std::string_view what) {
  if (what.empty())
    append_fmt(buf, "{{\"type\":\"lost\",\"count\":{}}}\n", count);
  else
    append_fmt(buf, "{{\"type\":\"lost\",\"count\":{},\"what\":\"{}\"}}\n", count, what);
}

}  // namespace sysray
