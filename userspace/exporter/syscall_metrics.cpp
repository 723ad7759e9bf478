#include "exporter/syscall_metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>

#include "decode/errno_names.h"

namespace sysray::exporter {

namespace {

constexpr const char* kOther = "other";

using CallsKey = std::pair<std::string, std::string>;                // comm, syscall
using ErrorsKey = std::tuple<std::string, std::string, std::string>;  // comm, syscall, errno

// The calls and errors series, summed per label set after comms are sanitized (two raw comms
// may read the same once made UTF-8) and after folding, so that no series appears twice.
struct Series {
  std::map<CallsKey, uint64_t> calls;
  std::map<ErrorsKey, uint64_t> errors;
};

Series fold_series(const SyscallSnapshot& snap, SeriesLimiter& limiter) {
  // The kernel's keys in a fixed order first: admission must not depend on hash order.
  std::vector<const SyscallSnapshot::CommCalls*> rows;
  for (const auto& c : snap.calls) rows.push_back(&c);
  std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    return std::tie(a->comm, a->syscall, a->err) < std::tie(b->comm, b->syscall, b->err);
  });
  Series s;
  for (const auto* r : rows) {
    std::string comm = sanitize_utf8(r->comm);
    std::string calls_comm = limiter.admit(series_key({"calls", comm, r->syscall})) ? comm : kOther;
    s.calls[{calls_comm, r->syscall}] += r->calls;
    if (r->err == 0) continue;
    std::string err = errno_label_value(r->err);
    std::string errors_comm =
        limiter.admit(series_key({"errors", comm, r->syscall, err})) ? comm : kOther;
    s.errors[{errors_comm, r->syscall, err}] += r->calls;
  }
  for (const auto& u : snap.unattributed) {
    s.calls[{kOther, u.syscall}] += u.calls;
    if (u.errors) s.errors[{kOther, u.syscall, kOther}] += u.errors;
  }
  return s;
}

MetricFamily duration_family(const SyscallSnapshot& snap) {
  MetricFamily f{"sysray_syscall_duration_seconds",
                 "Time from a syscall's entry to its return, per syscall (from in-kernel log2 "
                 "buckets)",
                 MetricType::Histogram, {}};
  auto durations = snap.durations;
  std::sort(durations.begin(), durations.end(),
            [](const auto& a, const auto& b) { return a.syscall < b.syscall; });
  for (const auto& d : durations) {
    uint64_t cumulative = 0;
    for (int i = 0; i < kFirstBucketSlot; ++i) cumulative += d.histogram.slots[i];
    for (int i = kFirstBucketSlot; i <= kLastBucketSlot; ++i) {
      cumulative += d.histogram.slots[i];
      double le = static_cast<double>((uint64_t{2} << i) - 1) / 1e9;
      f.samples.push_back({"_bucket", {{"syscall", d.syscall}, {"le", format_value(le)}},
                           static_cast<double>(cumulative)});
    }
    uint64_t total = d.histogram.total();
    f.samples.push_back({"_bucket", {{"syscall", d.syscall}, {"le", "+Inf"}}, static_cast<double>(total)});
    f.samples.push_back({"_sum", {{"syscall", d.syscall}}, static_cast<double>(d.total_ns) / 1e9});
    f.samples.push_back({"_count", {{"syscall", d.syscall}}, static_cast<double>(total)});
  }
  return f;
}

}  // namespace

std::string errno_label_value(int err) {
  std::string_view name = decode::errno_name(err);
  return name.empty() ? fmt::format("{}", err) : std::string(name);
}

std::vector<MetricFamily> syscall_families(const SyscallSnapshot& snap, SeriesLimiter& limiter) {
  Series s = fold_series(snap, limiter);
  MetricFamily calls{"sysray_syscalls", "Syscalls completed (or exit calls entered), per comm and syscall",
                     MetricType::Counter, {}};
  for (const auto& [key, n] : s.calls)
    calls.samples.push_back({"_total", {{"comm", key.first}, {"syscall", key.second}}, static_cast<double>(n)});
  MetricFamily errors{"sysray_syscall_errors", "Syscalls that returned an error, per comm, syscall and errno",
                      MetricType::Counter, {}};
  for (const auto& [key, n] : s.errors)
    errors.samples.push_back({"_total",
                              {{"comm", std::get<0>(key)}, {"syscall", std::get<1>(key)}, {"errno", std::get<2>(key)}},
                              static_cast<double>(n)});
  MetricFamily folded{"sysray_series_folded",
                      "Distinct label sets folded into the comm other by --max-series",
                      MetricType::Counter, {{"_total", {}, static_cast<double>(limiter.folded())}}};
  return {std::move(calls), std::move(errors), duration_family(snap), std::move(folded)};
}

}  // namespace sysray::exporter
