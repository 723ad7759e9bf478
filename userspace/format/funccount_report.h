// `sysray funccount` output: the counts as BCC's funccount prints them, or as one JSON line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "kernel/kernel_symbols.h"
#include "trace/stack_frame.h"

namespace sysray {

// funccount --stacks: how many hits came through one kernel stack. The hits whose stack the
// kernel could not record are an entry too, with no frames and the reason in `missed`, so that a
// function's stacks always add up to its count.
struct CountedStack {
  uint64_t count = 0;
  std::vector<KernelFrame> kernel;  // innermost first
  std::string comm;                 // --folded's stacks are per comm; "" otherwise
  std::string missed;               // "stack map full (ENOMEM)", ...; "" when recorded
  std::vector<StackFrame> user;     // --user: the user stack, innermost first
  std::string user_missed;          // --user: why there is no user stack; "" otherwise
};

struct FunctionCount {
  std::string name;  // "udp_sendmsg", or "sock:inet_sock_set_state" for a tracepoint
  uint64_t count = 0;
  std::optional<std::vector<CountedStack>> stacks;  // with --stacks: most hits first
};

// "FUNC  COUNT", then one line per row that counted something, in the order given; a row with
// stacks is followed by each stack: "  N hits:" and its frames, or "  N hits: no stack (WHY)";
// with --user, the user frames below the kernel's, as strace -k prints them.
void append_funccount_table(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows);

// --folded: "comm;outermost;...;innermost COUNT" per distinct (comm, stack) over every row (with
// --user the user frames first, then the kernel's), most
// hits first, frames as function names (what flame graph tools merge on); a missed stack is the
// one frame "[no stack: WHY]".
void append_funccount_folded(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows);

// {"type":"funccount","backend":"fentry","functions":[{"name":...,"count":N}],"lost":0} and a
// newline; `interval` > 0 adds "interval":K after "backend" (the K-th report of `funccount -i`).
// Every row is listed, those that counted nothing too. Rows with stacks add
// "stacks":[{"count":N,"kernel":["tcp_connect+0x3c4",...]}] (innermost first; a missed stack has
// "kernel":[] and "missed":WHY). `user_stacks` (--user) adds "user":["/usr/lib/...libc.so.6
// (connect+0x7) [0x10adc7]",...] (strace -k's frames, innermost first), and "user_missed":WHY
// when the stack could not be taken.
void append_funccount_json(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows,
                           std::string_view backend, int interval, bool user_stacks = false);

}  // namespace sysray
