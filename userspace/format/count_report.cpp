#include "format/count_report.h"

#include <algorithm>

#include "format/buffer_append.h"
#include "format/json_escape.h"

namespace sysray {

namespace {

// strace -c's columns, with "max usecs" after "usecs/call".
constexpr std::string_view kHeader =
    "% time     seconds  usecs/call  max usecs     calls    errors syscall\n";
constexpr std::string_view kRule =
    "------ ----------- ----------- ---------- --------- --------- ----------------\n";

uint64_t avg_ns(const SyscallCount& c) { return c.calls ? c.total_ns / c.calls : 0; }

// One row; `percent` is preformatted because the total row prints a literal "100.00".
void append_row(fmt::memory_buffer& buf, std::string_view percent, const SyscallCount& c) {
  // strace leaves the errors column blank rather than print 0.
  std::string errors = c.errors ? std::to_string(c.errors) : std::string();
  fmt::format_to(std::back_inserter(buf), "{:>6} {:4}.{:06} {:11} {:10} {:9} {:>9} {}\n", percent,
                 c.total_ns / 1'000'000'000, c.total_ns % 1'000'000'000 / 1000, avg_ns(c) / 1000,
                 c.max_ns / 1000, c.calls, errors, c.name);
}

}  // namespace

void sort_counts(std::vector<SyscallCount>& rows) {
  rows.erase(std::remove_if(rows.begin(), rows.end(), [](const auto& r) { return r.calls == 0; }),
             rows.end());
  std::sort(rows.begin(), rows.end(), [](const SyscallCount& a, const SyscallCount& b) {
    if (a.total_ns != b.total_ns) return a.total_ns > b.total_ns;
    return a.name < b.name;
  });
}

void append_count_table(fmt::memory_buffer& buf, std::vector<SyscallCount> rows) {
  sort_counts(rows);
  SyscallCount total{"total"};
  for (const auto& r : rows) {
    total.calls += r.calls;
    total.errors += r.errors;
    total.total_ns += r.total_ns;
    total.max_ns = std::max(total.max_ns, r.max_ns);
  }
  append(buf, kHeader);
  append(buf, kRule);
  for (const auto& r : rows) {
    double percent = total.total_ns ? 100.0 * r.total_ns / total.total_ns : 0.0;
    append_row(buf, fmt::format("{:.2f}", percent), r);
  }
  append(buf, kRule);
  append_row(buf, "100.00", total);
  for (const auto& r : rows) {
    if (!r.latency || r.latency->empty()) continue;
    fmt::format_to(std::back_inserter(buf), "\nsyscall = {}\n", r.name);
    append_log2_hist_text(buf, *r.latency);
  }
}

void append_count_json(fmt::memory_buffer& buf, std::vector<SyscallCount> rows, uint64_t lost,
                       std::optional<uint64_t> interval) {
  sort_counts(rows);
  append(buf, "{\"type\":\"summary\"");
  if (interval) fmt::format_to(std::back_inserter(buf), ",\"interval\":{}", *interval);
  append(buf, ",\"syscalls\":[");
  for (size_t i = 0; i < rows.size(); ++i) {
    const SyscallCount& r = rows[i];
    append(buf, i ? ",{\"syscall\":" : "{\"syscall\":");
    append_json_string(buf, r.name);
    fmt::format_to(std::back_inserter(buf),
                   ",\"calls\":{},\"errors\":{},\"total_ns\":{},\"avg_ns\":{},\"max_ns\":{}",
                   r.calls, r.errors, r.total_ns, avg_ns(r), r.max_ns);
    if (r.latency) append_histogram_json(buf, *r.latency);
    append(buf, "}");
  }
  fmt::format_to(std::back_inserter(buf), "],\"lost\":{}}}\n", lost);
}

}  // namespace sysray
