// `sysray inflight`'s threads, in text (as Go's SIGQUIT dump reads, with trace -k's frames):
//   thread 4242 (worker) [read, 1390 minutes]: read(3, ...)
//    > [kernel] pipe_read+0x30c
//    > /usr/lib/x86_64-linux-gnu/libc.so.6(read+0x12) [0x10d4e2]
// and as JSON Lines ({"type":"thread",...}, docs/JSON.md). Each function appends whole lines.
#pragma once
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "inflight/goroutines.h"
#include "inflight/thread_report.h"

namespace sysray {

// "2.503 s" below a minute, "12 minutes" from one on (Go's dump counts waits in minutes).
std::string wait_text(uint64_t ns);

void append_thread_text(fmt::memory_buffer& buf, const ThreadReport& t, bool source_lines);
// A goroutine as Go's SIGQUIT dump prints it, the thread it runs on added after the bracket:
//   goroutine 21 [syscall, 3 minutes] (thread 4245):
//   syscall.Syscall
//   	/usr/lib/go-1.19/src/syscall/syscall_linux.go:68 +0x27
//   created by main.main
//   	/tmp/app/main.go:20 +0x119
void append_goroutine_text(fmt::memory_buffer& buf, const Goroutine& g);
void append_json_goroutine(fmt::memory_buffer& buf, uint32_t pid, const Goroutine& g);
void append_json_thread(fmt::memory_buffer& buf, const ThreadReport& t);

}  // namespace sysray
