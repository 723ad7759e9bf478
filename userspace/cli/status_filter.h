// strace's -e status=SET: which calls `trace` shows by how they ended. "status=failed",
// "status=successful,unfinished", "status=!failed", "status=all", "status=none". -z is
// status=successful, -Z status=failed.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sysray {

enum CallStatus : uint8_t {
  kStatusSuccessful = 1 << 0,  // returned without an error
  kStatusFailed = 1 << 1,      // returned an error
  kStatusUnfinished = 1 << 2,  // never returned: exit_group, a thread killed inside the call
  kStatusUnavailable = 1 << 3, // strace: returned, but the result could not be read (never here)
  kStatusDetached = 1 << 4,    // still blocked when the trace ended
  kStatusAll = 0x1f,
};
using StatusSet = uint8_t;

bool is_status_expr(std::string_view expr);

// The last status= expression among `exprs` decides, as in strace; -z and -Z narrow it too.
// Throws UserError for an unknown status, e.g.
//   unknown status 'ok' in -e status=ok (known: successful failed unfinished unavailable detached)
StatusSet parse_status_filters(const std::vector<std::string>& exprs, bool only_succeeded,
                               bool only_failed);

}  // namespace sysray
