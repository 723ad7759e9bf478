// `sysray funccount` output: the counts as BCC's funccount prints them, or as one JSON line.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace sysray {

struct FunctionCount {
  std::string name;  // "udp_sendmsg", or "sock:inet_sock_set_state" for a tracepoint
  uint64_t count = 0;
};

// "FUNC  COUNT", then one line per row that counted something, in the order given.
void append_funccount_table(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows);

// {"type":"funccount","backend":"fentry","functions":[{"name":...,"count":N}],"lost":0} and a
// newline; `interval` > 0 adds "interval":K after "backend" (the K-th report of `funccount -i`).
// Every row is listed, those that counted nothing too.
void append_funccount_json(fmt::memory_buffer& buf, const std::vector<FunctionCount>& rows,
                           std::string_view backend, int interval);

}  // namespace sysray
