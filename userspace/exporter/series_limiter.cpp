#include "exporter/series_limiter.h"

namespace sysray::exporter {

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
