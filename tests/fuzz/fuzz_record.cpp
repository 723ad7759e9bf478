// A syscall ring sample, as SyscallPrograms hands it over: one CPU's batch of records
// (sr_syscall_record + captures, back to back), or one trace -k stack record. Every record that
// parses goes the way `sysray trace` takes it: joined with its enter or exit, decoded, printed as
// text and as JSON; notices (thread exit, signal with its siginfo) too.
#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "fuzz_support.h"
#include "trace/event_joiner.h"
#include "trace/record_batch.h"
#include "trace/stack_records.h"

namespace {

using namespace sysray;

class Printer : public SyscallPrinter {
 public:
  void complete(const SyscallEvent& ev) override { fuzz::print_call(ev); }
  void unfinished(const SyscallEvent& enter) override { fuzz::print_call(enter); }
  void resumed(const SyscallEvent& merged) override { fuzz::print_call(merged); }
  void notice(const SyscallEvent& ev) override {
    fmt::memory_buffer buf;
    decode::DecodedArg siginfo;
    decode::render_siginfo(ev.cap[0], 0, siginfo);
    for (const Output* out : {&fuzz::text_output(), &fuzz::json_output()}) {
      out->thread_exit(buf, ev);
      out->signal(buf, ev, siginfo);
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint32_t type = fuzz::Bytes(data, size).take<uint32_t>();
  if (type == SR_REC_USER_STACK) {
    parse_stack_record(data, size);
    return 0;
  }
  Printer printer;
  EventJoiner joiner(printer);
  split_record_batch(data, size, [&](const void* rec, size_t len) {
    if (auto ev = parse_syscall_record(rec, len)) joiner.on_event(std::move(*ev));
  });
  joiner.finish();
  return 0;
}
