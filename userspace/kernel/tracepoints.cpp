#include "kernel/tracepoints.h"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "util/tracefs.h"

namespace sysray {

std::string tracefs_events_dir() {
  std::string dir = tracefs_dir(true);
  return dir.empty() ? dir : dir + "/events";
}

std::vector<Tracepoint> match_tracepoints(const std::string& category_glob,
                                          const std::string& event_glob,
                                          const std::string& events_dir) {
  namespace fs = std::filesystem;
  std::vector<Tracepoint> out;
  std::error_code ec;
  for (const auto& cat : fs::directory_iterator(events_dir, ec)) {
    if (!cat.is_directory()) continue;
    std::string category = cat.path().filename();
    if (fnmatch(category_glob.c_str(), category.c_str(), 0) != 0) continue;
    for (const auto& ev : fs::directory_iterator(cat.path(), ec)) {
      std::string event = ev.path().filename();
      // Every event directory has an id file; category-level files (enable, filter) do not.
      if (!ev.is_directory() || !fs::exists(ev.path() / "id")) continue;
      if (fnmatch(event_glob.c_str(), event.c_str(), 0) == 0) out.push_back({category, event});
    }
  }
  std::sort(out.begin(), out.end(), [](const Tracepoint& a, const Tracepoint& b) {
    return a.category != b.category ? a.category < b.category : a.event < b.event;
  });
  return out;
}

}  // namespace sysray
