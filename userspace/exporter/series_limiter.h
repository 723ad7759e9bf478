// --max-series: which label sets get a series of their own. The first N distinct keys seen keep
// theirs for the exporter's lifetime; every later key is folded into an `other` series. A key
// never moves between its own series and `other`, so every exported counter stays monotonic
// (Prometheus would read a move as a counter reset).
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>

namespace sysray::exporter {

// A limiter key: the parts joined by '\0', which cannot occur in a sanitized comm, a syscall
// or event name or an errno name, so two label sets never share a key.
std::string series_key(std::initializer_list<std::string_view> parts);

class SeriesLimiter {
 public:
  explicit SeriesLimiter(size_t max_series) : max_(max_series) {}

  // True when `key` has a series of its own (now or from before); false: fold it.
  bool admit(const std::string& key);
  // Distinct keys folded so far. Their memory is bounded by the kernel hash the keys come from
  // (sized from --max-series), not by what processes do.
  uint64_t folded() const { return folded_.size(); }
  size_t admitted() const { return admitted_.size(); }

 private:
  size_t max_;
  std::unordered_set<std::string> admitted_;
  std::unordered_set<std::string> folded_;
};

}  // namespace sysray::exporter
