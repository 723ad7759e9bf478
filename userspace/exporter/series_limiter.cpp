#include "exporter/series_limiter.h"

namespace sysray::exporter {

std::string series_key(std::initializer_list<std::string_view> parts) {
  std::string key;
  for (auto p : parts) {
    key.append(p);
    key.push_back('\0');
  }
  return key;
}

bool SeriesLimiter::admit(const std::string& key) {
  if (admitted_.count(key)) return true;
  if (admitted_.size() < max_ && !folded_.count(key)) {
    admitted_.insert(key);
    return true;
  }
  folded_.insert(key);
  return false;
}

}  // namespace sysray::exporter
