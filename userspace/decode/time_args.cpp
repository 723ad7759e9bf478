// Clocks and times as strace prints them: clock ids by name ("CLOCK_MONOTONIC"),
// clock_nanosleep's and timerfd's flags, struct __kernel_timespec ("{tv_sec=0, tv_nsec=10000000}")
// and timerfd's itimerspec ("{it_interval={tv_sec=0, tv_nsec=0}, it_value={...}}").
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>

#include <fmt/format.h>

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
// One table for timerfd_create's and timerfd_settime's flags, in strace's order.
constexpr XlatEntry kTimerfdFlags[] = {SR_XLAT(TFD_TIMER_ABSTIME), SR_XLAT(TFD_TIMER_CANCEL_ON_SET),
                                       SR_XLAT(TFD_CLOEXEC), SR_XLAT(TFD_NONBLOCK)};

void set_timespec(DecodedArg& out, const KernelTimespec& ts) {
  out.kind = DecodedArg::Kind::Struct;
  add_field(out, "tv_sec", [&](DecodedArg& f) { set_int(f, ts.tv_sec); });
  add_field(out, "tv_nsec", [&](DecodedArg& f) { set_int(f, ts.tv_nsec); });
  finish_struct(out);
}

// strace's comment after a wall-clock time: " /* 2026-12-05T12:22:04.162454772+0000 */" (local
// time); "" for a time that is no date.
std::string date_comment(const KernelTimespec& ts) {
  time_t secs = ts.tv_sec;
  tm local;
  if (ts.tv_nsec < 0 || ts.tv_nsec >= 1'000'000'000 || !localtime_r(&secs, &local)) return "";
  char date[64], zone[16];
  if (!strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &local) ||
      !strftime(zone, sizeof(zone), "%z", &local))
    return "";
  return fmt::format(" /* {}.{:09}{} */", date, ts.tv_nsec, zone);
}

}  // namespace

std::string format_clock_id(uint64_t clock) {
  return xlat_value(kClocks, static_cast<uint32_t>(clock), "CLOCK_???");
}

std::string format_timer_flags(uint64_t flags) {
  return xlat_flags_or_zero(kTimerFlags, static_cast<uint32_t>(flags), "TIMER_???");
}

std::string format_timerfd_flags(uint64_t flags) {
  return xlat_flags_or_zero(kTimerfdFlags, static_cast<uint32_t>(flags), "TFD_???");
}

void render_timespec(const Capture& c, uint64_t raw, DecodedArg& out) {
  KernelTimespec ts;
  if (!read_object(c, ts)) return set_pointer(out, raw);
  set_timespec(out, ts);
}

// utimensat's times: a time with its date in local time, or UTIME_NOW / UTIME_OMIT.
void render_utimens(const Capture& c, uint64_t raw, DecodedArg& out) {
  KernelTimespec times[2];
  if (!read_object(c, times)) return set_pointer(out, raw);
  out.kind = DecodedArg::Kind::Array;
  out.text = "[";
  for (const KernelTimespec& ts : times) {
    DecodedArg& t = out.items.emplace_back();
    if (ts.tv_nsec == UTIME_NOW || ts.tv_nsec == UTIME_OMIT) {
      set_symbol(t, ts.tv_nsec, ts.tv_nsec == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT");
    } else {
      set_timespec(t, ts);
      t.text += date_comment(ts);
    }
    out.text += (out.items.size() > 1 ? ", " : "") + t.text;
  }
  out.text += ']';
}

void render_itimerspec(const Capture& c, uint64_t raw, DecodedArg& out) {
  KernelItimerspec its;
  if (!read_object(c, its)) return set_pointer(out, raw);
  out.kind = DecodedArg::Kind::Struct;
  add_field(out, "it_interval", [&](DecodedArg& f) { set_timespec(f, its.interval); });
  add_field(out, "it_value", [&](DecodedArg& f) { set_timespec(f, its.value); });
  finish_struct(out);
}

}  // namespace sysray::decode
