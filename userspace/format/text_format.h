// strace-style text lines for syscalls, appended to a buffer that the sink writes out in bulk:
//   [pid  4242] 12:00:01.123456 read(3, "hi", 4096) = 2 <0.000011>
// Every function appends one whole line, newline included.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "decode/arg_decoder.h"
#include "trace/syscall_event.h"

namespace sysray {

// How each line starts: "[pid  4242] " (sysray's stdout, always), or as strace writes -o
// files: "4242  " when it follows several processes, nothing for one.
enum class LineLeader : uint8_t { Bracketed, FilePid, None };

struct TextOptions {
  LineLeader leader = LineLeader::Bracketed;
  int align_column = 0;            // -a: "= " starts at this column when the line is shorter
                                   // (strace's -o files: 40); 0: " = " right after the call
  int timestamps = 0;              // 0: none, 1: -t "HH:MM:SS", 2: -tt "HH:MM:SS.uuuuuu" (local)
  bool durations = false;          // -T: " <S.UUUUUU>" after the return value
  int64_t realtime_offset_ns = 0;  // added to ts_ns (CLOCK_MONOTONIC) to get CLOCK_REALTIME
};

using DecodedArgs = std::vector<decode::DecodedArg>;

// A complete call: "[pid  N] name(args) = ret". `ret_path`: trace -y's path of the descriptor
// it returned ("= 3</etc/passwd>"); the arguments' are their DecodedArg::fd_path.
void append_syscall_line(fmt::memory_buffer& buf, const SyscallEvent& ev, const DecodedArgs& args,
                         std::string_view name, const TextOptions& opts,
                         std::string_view ret_path = {});

// A call still blocked: "[pid  N] read(3,  <unfinished ...>", with the arguments known at
// entry (those before the first DecodedArg::at_exit one). Stamped with the enter time.
void append_unfinished_line(fmt::memory_buffer& buf, const SyscallEvent& enter,
                            const DecodedArgs& args, std::string_view name,
                            const TextOptions& opts);

// Its end: "[pid  N] <... read resumed>"hi", 4096) = 2", with the arguments from the first
// at_exit one on. Stamped with the exit time (ts_ns + dur_ns), as strace stamps the line when
// it sees it.
void append_resumed_line(fmt::memory_buffer& buf, const SyscallEvent& ev, const DecodedArgs& args,
                         std::string_view name, const TextOptions& opts,
                         std::string_view ret_path = {});

// A thread's end: "[pid  N] +++ exited with 3 +++", "+++ killed by SIGSEGV (core dumped) +++".
void append_thread_exit_line(fmt::memory_buffer& buf, const SyscallEvent& ev,
                             const TextOptions& opts);

// A signal delivered: "[pid  N] --- SIGCHLD {si_signo=SIGCHLD, ...} ---", `siginfo` rendered by
// decode::render_siginfo.
void append_signal_line(fmt::memory_buffer& buf, const SyscallEvent& ev,
                        const decode::DecodedArg& siginfo, const TextOptions& opts);

// " = 0", " = -1 ENOENT (No such file or directory)", " = 0x7f1234560000" (mmap), " = ?".
void append_return_value(fmt::memory_buffer& buf, const SyscallEvent& ev);

}  // namespace sysray
