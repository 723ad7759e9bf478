// Clocks and times as strace prints them: clock ids by name ("CLOCK_MONOTONIC"),
// clock_nanosleep's flags, and struct __kernel_timespec ("{tv_sec=0, tv_nsec=10000000}").
#include <time.h>

#include <utility>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/flags.h"
#include "decode/kernel_structs.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

constexpr XlatEntry kClocks[] = {
    SR_XLAT(CLOCK_REALTIME),        SR_XLAT(CLOCK_MONOTONIC),       SR_XLAT(CLOCK_PROCESS_CPUTIME_ID),
    SR_XLAT(CLOCK_THREAD_CPUTIME_ID), SR_XLAT(CLOCK_MONOTONIC_RAW), SR_XLAT(CLOCK_REALTIME_COARSE),
    SR_XLAT(CLOCK_MONOTONIC_COARSE), SR_XLAT(CLOCK_BOOTTIME),       SR_XLAT(CLOCK_REALTIME_ALARM),
    SR_XLAT(CLOCK_BOOTTIME_ALARM),  SR_XLAT(CLOCK_TAI),
};
constexpr XlatEntry kTimerFlags[] = {SR_XLAT(TIMER_ABSTIME)};

}  // namespace

std::string format_clock_id(uint64_t clock) {
  return xlat_value(kClocks, static_cast<uint32_t>(clock), "CLOCK_???");
}

std::string format_timer_flags(uint64_t flags) {
  return xlat_flags_or_zero(kTimerFlags, static_cast<uint32_t>(flags), "TIMER_???");
}

void render_timespec(const Capture& c, uint64_t raw, DecodedArg& out) {
  KernelTimespec ts;
  if (!read_object(c, ts)) return set_pointer(out, raw);
  out.kind = DecodedArg::Kind::Struct;
  for (auto [name, value] : {std::pair{"tv_sec", ts.tv_sec}, std::pair{"tv_nsec", ts.tv_nsec}}) {
    DecodedArg& field = out.items.emplace_back();
    set_int(field, value);
    set_named(field, name);
  }
  finish_struct(out);
}

}  // namespace sysray::decode
