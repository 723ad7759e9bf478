#include "format/inflight_format.h"

#include <algorithm>

#include "format/buffer_append.h"
#include "format/json_escape.h"
#include "format/json_format.h"
#include "format/stack_format.h"

namespace sysray {

namespace {

constexpr uint64_t kMinute = 60'000'000'000;

// The call as far as its entry is known: "read(3, ...)", the arguments a call fills in (read's
// buffer) being "...".
void append_call(fmt::memory_buffer& buf, const ThreadReport& t) {
  append(buf, t.call_name);
  buf.push_back('(');
  bool first = true;
  for (const auto& a : t.args) {
    if (!first) append(buf, ", ");
    first = false;
    if (a.at_exit) {
      append(buf, "...");
      break;
    }
    append(buf, a.text);
  }
  buf.push_back(')');
}

// "[read, 2.503 s]", "[read, disk sleep, 2.503 s]", "[sleeping, 1.000 s]", "[running]".
void append_bracket(fmt::memory_buffer& buf, const ThreadReport& t) {
  auto out = std::back_inserter(buf);
  if (t.on_cpu) return append(buf, "[running]");
  buf.push_back('[');
  if (t.call) {
    append(buf, t.call_name);
    if (t.state != 'S') fmt::format_to(out, ", {}", t.state == 'R' ? "runnable" : t.state_name);
  } else {
    append(buf, t.state == 'R' ? "runnable" : t.state_name);
  }
  fmt::format_to(out, ", {}]", wait_text(t.waited_ns));
}

void append_kernel_frame_text(fmt::memory_buffer& buf, const KernelFrame& f) {
  auto out = std::back_inserter(buf);
  if (f.symbol.empty())
    fmt::format_to(out, " > [kernel] 0x{:x}", f.addr);
  else
    fmt::format_to(out, " > [kernel] {}+0x{:x}", f.symbol, f.offset);
  if (!f.module.empty()) fmt::format_to(out, " [{}]", f.module);
  buf.push_back('\n');
}

}  // namespace

std::string wait_text(uint64_t ns) {
  if (ns >= kMinute) {
    uint64_t minutes = ns / kMinute;
    return fmt::format("{} minute{}", minutes, minutes == 1 ? "" : "s");
  }
  return fmt::format("{}.{:03} s", ns / 1'000'000'000, ns % 1'000'000'000 / 1'000'000);
}

void append_thread_text(fmt::memory_buffer& buf, const ThreadReport& t, bool source_lines) {
  fmt::format_to(std::back_inserter(buf), "thread {} ({}) ", t.tid, t.comm);
  append_bracket(buf, t);
  if (t.call) {
    append(buf, ": ");
    append_call(buf, t);
  }
  buf.push_back('\n');
  for (const auto& f : t.kernel_stack) append_kernel_frame_text(buf, f);
  append_stack_lines(buf, t.stack, source_lines);
  buf.push_back('\n');
}

void append_json_thread(fmt::memory_buffer& buf, const ThreadReport& t) {
  auto out = std::back_inserter(buf);
  fmt::format_to(out, "{{\"type\":\"thread\",\"pid\":{},\"tid\":{},\"comm\":", t.pid, t.tid);
  append_json_string(buf, t.comm);
  fmt::format_to(out, ",\"state\":\"{}\",\"on_cpu\":{},\"syscall\":",
                 t.on_cpu ? "running" : t.state == 'R' ? "runnable" : t.state_name,
                 t.on_cpu ? "true" : "false");
  if (t.call) {
    append_json_string(buf, t.call_name);
    append(buf, ",\"args\":[");
    for (size_t i = 0; i < t.args.size(); ++i) {
      if (i) buf.push_back(',');
      if (t.args[i].at_exit)
        append(buf, "null");  // filled in by the call: not there yet
      else
        append_json_arg(buf, t.args[i]);
    }
    buf.push_back(']');
  } else {
    append(buf, "null,\"args\":[]");
  }
  fmt::format_to(out, ",\"blocked_ns\":{},", t.waited_ns);
  append_json_stack(buf, t.stack);
  append(buf, ",\"kernel_stack\":[");
  for (size_t i = 0; i < t.kernel_stack.size(); ++i) {
    const KernelFrame& f = t.kernel_stack[i];
    fmt::format_to(out, "{}{{\"addr\":\"0x{:x}\"", i ? "," : "", f.addr);
    if (!f.symbol.empty()) {
      append(buf, ",\"symbol\":");
      append_json_string(buf, f.symbol);
      fmt::format_to(out, ",\"offset\":{}", f.offset);
    }
    if (!f.module.empty()) {
      append(buf, ",\"module\":");
      append_json_string(buf, f.module);
    }
    buf.push_back('}');
  }
  append(buf, "]}\n");
}

}  // namespace sysray
