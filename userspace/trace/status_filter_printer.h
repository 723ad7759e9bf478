// -e status=SET (and -z/-Z, for what the kernel cannot drop): a SyscallPrinter in front of
// another that passes on only the calls whose outcome is in the set. As in strace, a filtered
// call prints as one whole line once its outcome is known: no "<unfinished ...>" lines, since
// whether to show the call is not known until it ends.
#pragma once
#include <cstdint>
#include <unordered_map>

#include "cli/status_filter.h"
#include "trace/event_joiner.h"

namespace sysray {

class StatusFilterPrinter : public SyscallPrinter {
 public:
  StatusFilterPrinter(SyscallPrinter& inner, StatusSet wanted) : inner_(inner), wanted_(wanted) {}

  void complete(const SyscallEvent& ev) override;
  // A call blocked when the joiner asks: held back until its end, unless the session is ending
  // (it is then "detached").
  void unfinished(const SyscallEvent& enter) override;
  void resumed(const SyscallEvent& merged) override;
  void notice(const SyscallEvent& ev) override { inner_.notice(ev); }

  // The trace ends: the calls held back are still blocked ("detached"), and so are the ones
  // the joiner reports unfinished from now on.
  void session_ending();

 private:
  SyscallPrinter& inner_;
  StatusSet wanted_;
  bool ending_ = false;
  std::unordered_map<uint32_t, SyscallEvent> held_;  // by tid; only when detached is wanted
};

// How a finished call ended: kStatusSuccessful, kStatusFailed or kStatusUnfinished.
CallStatus call_status(const SyscallEvent& ev);

}  // namespace sysray
