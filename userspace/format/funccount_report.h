// `sysray funccount` output: the counts as BCC's funccount prints them, or as one JSON line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "kernel/kernel_symbols.h"

namespace sysray {

// funccount --stacks: how many hits came through one kernel stack. The hits whose stack the
// kernel could not record are an entry too, with no frames and the reason in `missed`, so that a
// function's stacks always add up to its count.
struct CountedStack {
  uint64_t count = 0;
  std::vector<KernelFrame> kernel;  // innermost first
  std::string comm;                 // --folded's stacks are per comm; "" otherwise
  std::string missed;               // "stack map full (ENOMEM)", ...; "" when recorded
};

struct FunctionCount {
  std::string name;  // "udp_sendmsg", or "sock:inet_sock_set_state" for a tracepoint
  uint64_t count = 0;
  std::optional<std::vector<CountedStack>> stacks;  // with --stacks: most hits first
};

// "FUNC  COUNT", then one line per row that counted something, in the order given; a row with
// stacks is followed by each stack: "  N hits:" and its frames, or "  N hits: no stack (WHY)".
void append_funccount_table(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows);

// --folded: "comm;outermost;...;innermost COUNT" per distinct (comm, stack) over every row, most
// hits first, frames as function names (what flame graph tools merge on); a missed stack is the
// one frame "[no stack: WHY]".
void append_funccount_folded(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows);

// {"type":"funccount","backend":"fentry","functions":[{"name":...,"count":N}],"lost":0} and a
// newline; `interval` > 0 adds "interval":K after "backend" (the K-th report of `funccount -i`).
// Every row is listed, those that counted nothing too. Rows with stacks add
// "stacks":[{"count":N,"kernel":["tcp_connect+0x3c4",...]}] (innermost first; a missed stack has
// "kernel":[] and "missed":WHY).
void append_funccount_json(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows,
                           std::string_view backend, int interval);

}  // namespace sysray
