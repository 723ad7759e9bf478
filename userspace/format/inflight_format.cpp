#include "format/inflight_format.h"

#include <algorithm>

#include "format/buffer_append.h"
#include "format/kernel_frame.h"
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
  fmt::format_to(std::back_inserter(buf), " > [kernel] {}\n", kernel_frame_label(f));
}

// As Go's dump prints a frame: an inlined call as "name(...)" and its line, without offset.
void append_go_frame_text(fmt::memory_buffer& buf, const GoFrame& f) {
  if (f.inlined)
    fmt::format_to(std::back_inserter(buf), "{}(...)\n\t{}:{}\n", f.function, f.file, f.line);
  else
    fmt::format_to(std::back_inserter(buf), "{}\n\t{}:{} +0x{:x}\n", f.function, f.file, f.line,
                   f.offset);
}

void append_json_go_frame(fmt::memory_buffer& buf, const GoFrame& f) {
  append(buf, "{\"function\":");
  append_json_string(buf, f.function);
  append(buf, ",\"file\":");
  append_json_string(buf, f.file);
  fmt::format_to(std::back_inserter(buf), ",\"line\":{},\"addr\":\"0x{:x}\",\"inlined\":{}}}",
                 f.line, f.pc, f.inlined);
}

}  // namespace

void append_goroutine_text(fmt::memory_buffer& buf, const Goroutine& g) {
  auto out = std::back_inserter(buf);
  fmt::format_to(out, "goroutine {} [{}", g.goid, g.state);
  if (g.wait_minutes) fmt::format_to(out, ", {} minutes", *g.wait_minutes);
  if (g.locked_to_thread) append(buf, ", locked to thread");
  buf.push_back(']');
  if (g.tid) fmt::format_to(out, " (thread {})", *g.tid);
  append(buf, ":\n");
  for (const auto& f : g.stack) append_go_frame_text(buf, f);
  if (g.created_by) {
    append(buf, "created by ");
    append_go_frame_text(buf, *g.created_by);
  }
  buf.push_back('\n');
}

void append_json_goroutine(fmt::memory_buffer& buf, uint32_t pid, const Goroutine& g) {
  auto out = std::back_inserter(buf);
  fmt::format_to(out, "{{\"type\":\"goroutine\",\"pid\":{},\"goid\":{},\"state\":", pid, g.goid);
  append_json_string(buf, g.state);
  append(buf, ",\"wait_minutes\":");
  append(buf, g.wait_minutes ? std::to_string(*g.wait_minutes) : "null");
  append(buf, ",\"tid\":");
  append(buf, g.tid ? std::to_string(*g.tid) : "null");
  fmt::format_to(out, ",\"locked_to_thread\":{},\"stack\":[", g.locked_to_thread);
  for (size_t i = 0; i < g.stack.size(); ++i) {
    if (i) buf.push_back(',');
    append_json_go_frame(buf, g.stack[i]);
  }
  append(buf, "],\"created_by\":");
  if (g.created_by)
    append_json_go_frame(buf, *g.created_by);
  else
    append(buf, "null");
  append(buf, "}\n");
}

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
