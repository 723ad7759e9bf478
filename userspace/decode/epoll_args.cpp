// epoll's arguments as strace prints them: epoll_ctl's op and event, and the events
// epoll_wait, epoll_pwait and epoll_pwait2 return:
//   epoll_ctl(4, EPOLL_CTL_ADD, 5, {events=EPOLLIN|EPOLLET, data={u32=5, u64=5}})
//   epoll_wait(9, [{events=EPOLLIN, data={u32=3, u64=3}}], 4, 2000) = 1
#include <sys/epoll.h>

#include <cstring>
#include <string>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/flags.h"
#include "decode/kernel_structs.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

using Kind = DecodedArg::Kind;

constexpr XlatEntry kOps[] = {SR_XLAT(EPOLL_CTL_ADD), SR_XLAT(EPOLL_CTL_DEL), SR_XLAT(EPOLL_CTL_MOD)};

// By value, as strace lists them.
constexpr XlatEntry kEvents[] = {
    SR_XLAT(EPOLLIN),     SR_XLAT(EPOLLPRI),       SR_XLAT(EPOLLOUT),    SR_XLAT(EPOLLERR),
    SR_XLAT(EPOLLHUP),    {0x20, "EPOLLNVAL"},     SR_XLAT(EPOLLRDNORM), SR_XLAT(EPOLLRDBAND),
    SR_XLAT(EPOLLWRNORM), SR_XLAT(EPOLLWRBAND),    SR_XLAT(EPOLLMSG),    SR_XLAT(EPOLLRDHUP),
    SR_XLAT(EPOLLEXCLUSIVE), SR_XLAT(EPOLLWAKEUP), SR_XLAT(EPOLLONESHOT), SR_XLAT(EPOLLET),
};

// "{events=EPOLLIN, data={u32=3, u64=3}}" from one kEpollEventSize-byte item.
void set_epoll_event(DecodedArg& out, const char* item) {
  KernelEpollEvent e;
  std::memcpy(&e, item, sizeof(e));
  out.kind = Kind::Struct;
  DecodedArg& events = out.items.emplace_back();
  set_symbol_or_zero(events, e.events, xlat_flags_or_zero(kEvents, e.events, "EPOLL???"));
  set_named(events, "events");
  DecodedArg& data = out.items.emplace_back();
  data.kind = Kind::Struct;
  set_unsigned(data.items.emplace_back(), static_cast<uint32_t>(e.data));
  set_named(data.items.back(), "u32");
  set_unsigned(data.items.emplace_back(), e.data);
  set_named(data.items.back(), "u64");
  finish_struct(data);
  set_named(data, "data");
  finish_struct(out);
}

}  // namespace

std::string format_epoll_ctl_op(uint64_t op) { return xlat_value(kOps, op, "EPOLL_CTL_???"); }

void render_epoll_event(const Capture& c, uint64_t raw, DecodedArg& out) {
  if (c.data.size() < kEpollEventSize) return set_pointer(out, raw);
  set_epoll_event(out, c.data.data());
}

// The events returned: as many as the call returned, up to kEpollEventsShown, then "...".
void render_epoll_events(const Capture& c, uint64_t, DecodedArg& out) {
  size_t captured = c.data.size() / kEpollEventSize;
  out.kind = Kind::Array;
  out.text = "[";
  for (size_t i = 0; i < captured; ++i) {
    DecodedArg& e = out.items.emplace_back();
    set_epoll_event(e, c.data.data() + i * kEpollEventSize);
    if (i) out.text += ", ";
    out.text += e.text;
  }
  if (c.full_len / kEpollEventSize > captured) out.text += captured ? ", ..." : "...";
  out.text += ']';
}

}  // namespace sysray::decode
