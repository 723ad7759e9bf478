// Resource limits as strace prints them: the resource's name and prlimit64(2)'s struct,
// "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}".
#include <sys/resource.h>

#include <string>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/flags.h"
#include "decode/kernel_structs.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

constexpr XlatEntry kResources[] = {
    SR_XLAT(RLIMIT_CPU),     SR_XLAT(RLIMIT_FSIZE),      SR_XLAT(RLIMIT_DATA),
    SR_XLAT(RLIMIT_STACK),   SR_XLAT(RLIMIT_CORE),       SR_XLAT(RLIMIT_RSS),
    SR_XLAT(RLIMIT_NPROC),   SR_XLAT(RLIMIT_NOFILE),     SR_XLAT(RLIMIT_MEMLOCK),
    SR_XLAT(RLIMIT_AS),      SR_XLAT(RLIMIT_LOCKS),      SR_XLAT(RLIMIT_SIGPENDING),
    SR_XLAT(RLIMIT_MSGQUEUE), SR_XLAT(RLIMIT_NICE),      SR_XLAT(RLIMIT_RTPRIO),
    SR_XLAT(RLIMIT_RTTIME),
};

// strace writes multiples of 1024 above 1024 as "N*1024"; JSON gets the number.
void set_limit(DecodedArg& out, uint64_t v, const char* name) {
  if (v == RLIM64_INFINITY) {
    set_symbol(out, v, "RLIM64_INFINITY");
  } else {
    set_unsigned(out, v);
    if (v > 1024 && v % 1024 == 0) out.text = fmt::format("{}*1024", v / 1024);
  }
  set_named(out, name);
}

}  // namespace

// The resource is an unsigned int to the kernel.
std::string format_rlimit_resource(uint64_t res) {
  return xlat_value(kResources, static_cast<uint32_t>(res), "RLIMIT_???");
}

void render_rlimit(const Capture& c, uint64_t raw, DecodedArg& out) {
  Rlimit64 r;
  if (!read_object(c, r)) return set_pointer(out, raw);
  out.kind = DecodedArg::Kind::Struct;
  set_limit(out.items.emplace_back(), r.cur, "rlim_cur");
  set_limit(out.items.emplace_back(), r.max, "rlim_max");
  finish_struct(out);
}

}  // namespace sysray::decode
