#include "commands/trace_stacks.h"

#include "util/message.h"

namespace sysray {

TraceStacks::TraceStacks(bool source_lines)
    : source_lines_(source_lines), mmaps_(mappings_), unwinder_(mappings_, source_lines) {}

void TraceStacks::on_record(const void* data, size_t size) {
  std::string error;
  auto parsed = parse_stack_record(data, size, &error);
  if (!parsed) return malformed_.drop(error);
  // Unwound now, while the stack's pages are at hand: only its pcs wait for the call. The
  // mappings reported so far are read first (an exec just before the call).
  mmaps_.consume();
  // A process that was running before sysray started has mappings no event reported: read
  // them now, while it lives.
  if (!mappings_.knows(parsed->second.pid)) mappings_.seed_from_proc(parsed->second.pid);
  held_.add(parsed->first, unwinder_.unwind(parsed->second));
}

std::vector<StackFrame> TraceStacks::take(uint32_t stack_id) {
  if (!stack_id) return {};
  auto stack = held_.take(stack_id);
  if (!stack) return {};
  return unwinder_.symbolize(*stack);
}

void TraceStacks::report_end() const {
  malformed_.report();
  if (mmaps_.lost())
    print_message("lost {} mapping reports: some frames may show no object or symbol", mmaps_.lost());
}

}  // namespace sysray
