// `sysray funclatency` output: each kernel function's log2 histogram as BCC's funclatency
// prints it ("Function = NAME" and the chart), or one JSON line per report.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "format/latency_histogram.h"

namespace sysray {

struct FunctionLatency {
  std::string name;  // "udp_sendmsg"
  LatencyHistogram histogram;
};

// "Function = NAME" and its chart for each row that timed something, in the order given.
void append_funclatency_text(fmt::memory_buffer& buf, const std::vector<FunctionLatency>& rows);

// {"type":"funclatency","backend":B[,"interval":K],"functions":[{"name":..,"count":N,
// "histogram":[...]}],"lost":0} and a newline. Every row is listed, those that timed nothing too.
void append_funclatency_json(fmt::memory_buffer& buf, const std::vector<FunctionLatency>& rows,
                             std::string_view backend, int interval);

}  // namespace sysray
