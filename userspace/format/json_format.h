// JSON Lines for syscalls (one object per line; docs/JSON.md describes every field):
//   {"type":"syscall","ts_ns":...,"pid":4242,"tid":4242,"comm":"srv","syscall":"bind",
//    "args":[3,{"family":"AF_INET","addr":"127.0.0.1","port":3001},16],"ret":-1,
//    "errno":"EADDRINUSE","dur_ns":11000}
// Every function appends one whole line, newline included.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "decode/arg_decoder.h"
#include "trace/syscall_event.h"

namespace sysray {

struct JsonOptions {
  int64_t realtime_offset_ns = 0;  // added to ts_ns (CLOCK_MONOTONIC) to get CLOCK_REALTIME
};

// {"type":"syscall",...}: a finished call (complete, or an exit merged with its enter).
// trace -y adds "fd_paths": the paths of its descriptor arguments and of `ret_path`.
void append_json_syscall(fmt::memory_buffer& buf, const SyscallEvent& ev,
                         const std::vector<decode::DecodedArg>& args, std::string_view name,
                         const JsonOptions& opts, std::string_view ret_path = {});

// {"type":"syscall_enter",...}: a call still blocked; no ret, errno or dur_ns.
void append_json_syscall_enter(fmt::memory_buffer& buf, const SyscallEvent& enter,
                               const std::vector<decode::DecodedArg>& args, std::string_view name,
                               const JsonOptions& opts);

// {"type":"exit",...,"exit_code":3} or {"type":"exit",...,"killed_by":"SIGKILL",
// "core_dumped":false}: a traced thread ended.
void append_json_thread_exit(fmt::memory_buffer& buf, const SyscallEvent& ev,
                             const JsonOptions& opts);

// {"type":"signal",...,"signal":"SIGCHLD","siginfo":{"si_signo":"SIGCHLD",...}}: a signal
// delivered to a traced thread; `siginfo` rendered by decode::render_siginfo.
void append_json_signal(fmt::memory_buffer& buf, const SyscallEvent& ev,
                        const decode::DecodedArg& siginfo, const JsonOptions& opts);

// {"type":"lost","count":N}: records the kernel dropped (ring buffer full); with `what`, records
// of another kind than the stream's own ({"type":"lost","count":N,"what":"process_exits"}).
void append_json_lost(fmt::memory_buffer& buf, uint64_t count, std::string_view what = "");

// One argument as a JSON value (number, string, null or sockaddr object): exposed for tests.
void append_json_arg(fmt::memory_buffer& buf, const decode::DecodedArg& arg);

}  // namespace sysray
