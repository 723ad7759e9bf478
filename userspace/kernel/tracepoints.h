// Tracepoints of the running kernel, from tracefs (events/CATEGORY/EVENT/), matched by globs.
#pragma once
#include <string>
#include <vector>

#include "bpfload/funccount_programs.h"

namespace sysray {

// "t:sock:*" → every event of category sock. `events_dir` is tracefs's events/ directory.
std::vector<Tracepoint> match_tracepoints(const std::string& category_glob,
                                          const std::string& event_glob,
                                          const std::string& events_dir);

// tracefs's events/ directory, mounting tracefs if needed; "" when unavailable.
std::string tracefs_events_dir();

}  // namespace sysray
