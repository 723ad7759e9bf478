#include "format/text_format.h"

#include <algorithm>

#include "format/buffer_append.h"
#include "decode/errno_names.h"
#include "decode/return_values.h"
#include "decode/signal_names.h"
#include "decode/thread_end.h"
#include "format/clock_format.h"

namespace sysray {

namespace {

// The kernel's restart codes (include/linux/errno.h): the call will be restarted, so strace
// prints "?" rather than -1.
bool is_restart_code(int err) { return err == 512 || err == 513 || err == 514 || err == 516; }

void append_prefix(fmt::memory_buffer& buf, uint32_t tid, uint64_t ts_ns, const TextOptions& opts) {
  switch (opts.leader) {
    case LineLeader::Bracketed: fmt::format_to(std::back_inserter(buf), "[pid {:5}] ", tid); break;
    case LineLeader::FilePid: fmt::format_to(std::back_inserter(buf), "{:<5} ", tid); break;
    case LineLeader::None: break;
  }
  if (opts.timestamps <= 0) return;
  int64_t realtime_ns = static_cast<int64_t>(ts_ns) + opts.realtime_offset_ns;
  append_time_of_day(buf, realtime_ns, opts.timestamps >= 2);
  buf.push_back(' ');
}

// trace -y: "3" becomes "3</etc/passwd>".
void append_fd_path(fmt::memory_buffer& buf, std::string_view path) {
  if (path.empty()) return;
  buf.push_back('<');
  append(buf, path);
  buf.push_back('>');
}

void append_args(fmt::memory_buffer& buf, DecodedArgs::const_iterator first,
                 DecodedArgs::const_iterator last) {
  for (auto it = first; it != last; ++it) {
    if (it != first && !it->joined) append(buf, ", ");
    append(buf, it->text);
    append_fd_path(buf, it->fd_path);
  }
}

DecodedArgs::const_iterator first_exit_arg(const DecodedArgs& args) {
  return std::find_if(args.begin(), args.end(), [](const auto& a) { return a.at_exit; });
}

void append_error(fmt::memory_buffer& buf, int err) {
  std::string_view name = decode::errno_name(err);
  std::string_view message = decode::errno_message(err);
  if (name.empty()) {
    fmt::format_to(std::back_inserter(buf), " = -1 {} (Unknown error {})", err, err);
    return;
  }
  append(buf, is_restart_code(err) ? " = ? " : " = -1 ");
  append(buf, name);
  if (!message.empty()) fmt::format_to(std::back_inserter(buf), " ({})", message);
}

// The end of every finished line: return value (with -y the path of a descriptor it is), -T
// duration, newline.
// `line_start`: where the line begins in `buf`, for -a's column.
void append_result(fmt::memory_buffer& buf, size_t line_start, const SyscallEvent& ev,
                   const TextOptions& opts, std::string_view ret_path) {
  // strace: ") ", then spaces up to the column, then "= ": " = " comes with its space.
  for (size_t column = buf.size() - line_start + 1; column < static_cast<size_t>(opts.align_column);
       ++column)
    buf.push_back(' ');
  append_return_value(buf, ev);
  append_fd_path(buf, ret_path);
  // A call that never returned has no duration (strace prints none either).
  if (opts.durations && !(ev.flags & SR_F_NO_RETURN))
    fmt::format_to(std::back_inserter(buf), " <{}.{:06}>", ev.dur_ns / 1'000'000'000,
                   ev.dur_ns % 1'000'000'000 / 1000);
  buf.push_back('\n');
}

// "read(3,  <unfinished ...>": the arguments known at entry, then the mark. strace leaves the
// separator before the missing arguments.
void append_entry_part(fmt::memory_buffer& buf, const DecodedArgs& args) {
  auto split = first_exit_arg(args);
  append_args(buf, args.begin(), split);
  if (split != args.end() && split != args.begin() && !split->joined) append(buf, ", ");
  append(buf, " <unfinished ...>");
}

}  // namespace

void append_return_value(fmt::memory_buffer& buf, const SyscallEvent& ev) {
  if (ev.flags & SR_F_NO_RETURN) return append(buf, " = ?");
  if (int err = syscall_error(ev)) return append_error(buf, err);
  if (auto text = decode::format_return_value(ev)) {
    append(buf, " = ");
    append(buf, *text);
  } else {
    fmt::format_to(std::back_inserter(buf), " = {}", ev.ret);
  }
}


void append_syscall_line(fmt::memory_buffer& buf, const SyscallEvent& ev, const DecodedArgs& args,
                         std::string_view name, const TextOptions& opts,
                         std::string_view ret_path) {
  size_t line_start = buf.size();
  append_prefix(buf, ev.tid, ev.ts_ns, opts);
  append(buf, name);
  buf.push_back('(');
  // Killed inside the call: its outputs never came, "read(3,  <unfinished ...>) = ?" (strace
  // marks them only when there were some: "futex(0x..., FUTEX_WAIT_PRIVATE, 0, NULL) = ?").
  if ((ev.flags & SR_F_KILLED) && first_exit_arg(args) != args.end())
    append_entry_part(buf, args);
  else
    append_args(buf, args.begin(), args.end());
  buf.push_back(')');
  append_result(buf, line_start, ev, opts, ret_path);
}

void append_unfinished_line(fmt::memory_buffer& buf, const SyscallEvent& enter,
                            const DecodedArgs& args, std::string_view name,
                            const TextOptions& opts) {
  append_prefix(buf, enter.tid, enter.ts_ns, opts);
  append(buf, name);
  buf.push_back('(');
  append_entry_part(buf, args);
  buf.push_back('\n');
}

void append_resumed_line(fmt::memory_buffer& buf, const SyscallEvent& ev, const DecodedArgs& args,
                         std::string_view name, const TextOptions& opts,
                         std::string_view ret_path) {
  size_t line_start = buf.size();
  append_prefix(buf, ev.tid, ev.ts_ns + ev.dur_ns, opts);
  append(buf, "<... ");
  append(buf, name);
  append(buf, " resumed>");
  auto exit_args = first_exit_arg(args);
  if (!(ev.flags & SR_F_KILLED))
    append_args(buf, exit_args, args.end());
  else if (exit_args != args.end())
    append(buf, " <unfinished ...>");  // strace's "<... read resumed> <unfinished ...>) = ?
  buf.push_back(')');
  append_result(buf, line_start, ev, opts, ret_path);
}

void append_thread_exit_line(fmt::memory_buffer& buf, const SyscallEvent& ev,
                             const TextOptions& opts) {
  append_prefix(buf, ev.tid, ev.ts_ns, opts);
  decode::ThreadEnd end = decode::thread_end(ev.ret);
  if (!end.killed) {
    fmt::format_to(std::back_inserter(buf), "+++ exited with {} +++\n", end.value);
    return;
  }
  fmt::format_to(std::back_inserter(buf), "+++ killed by {}{} +++\n",
                 decode::signal_name(end.value), end.core_dumped ? " (core dumped)" : "");
}

void append_signal_line(fmt::memory_buffer& buf, const SyscallEvent& ev,
                        const decode::DecodedArg& siginfo, const TextOptions& opts) {
  append_prefix(buf, ev.tid, ev.ts_ns, opts);
  append(buf, "--- ");
  append(buf, decode::signal_name(static_cast<int>(ev.args[0])));
  buf.push_back(' ');
  append(buf, siginfo.text);
  append(buf, " ---\n");
}

}  // namespace sysray
