// Structs of the calls that ask about the system or the thread, as strace prints them:
//   sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0})
//   uname({sysname="Linux", nodename="vm", ...})
//   sysinfo({uptime=2416, loads=[203488, 161504, 117984], totalram=25276157952, ...})
//   sched_getaffinity(0, 128, [0 1])
#include <signal.h>
#include <sys/sysinfo.h>

#include <cstring>
#include <string>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/kernel_structs.h"
#include "decode/string_escape.h"
#include "decode/xlat.h"

static_assert(sizeof(struct sysinfo) == sysray::decode::kSysinfoSize);

namespace sysray::decode {
namespace {

using Kind = DecodedArg::Kind;

constexpr XlatEntry kStackFlags[] = {SR_XLAT(SS_ONSTACK), SR_XLAT(SS_DISABLE),
                                     {1u << 31, "SS_AUTODISARM"}};

// One of utsname's NUL-padded strings, quoted as strace quotes it.
void utsname_field(DecodedArg& out, const char* name, const char* s, size_t size) {
  add_field(out, name, [&](DecodedArg& f) {
    f.kind = Kind::String;
    f.bytes.assign(s, strnlen(s, size));
    f.text = quote_bytes(f.bytes, false);
  });
}

}  // namespace

void render_stack(const Capture& c, uint64_t raw, DecodedArg& out) {
  KernelStack st;
  if (!read_object(c, st)) return set_pointer(out, raw);
  out.kind = Kind::Struct;
  auto flags = static_cast<uint32_t>(st.ss_flags);
  add_field(out, "ss_sp", [&](DecodedArg& f) { set_pointer(f, st.ss_sp); });
  add_field(out, "ss_flags", [&](DecodedArg& f) {
    set_symbol_or_zero(f, flags, xlat_flags_or_zero(kStackFlags, flags, "SS_???"));
  });
  add_unsigned_field(out, "ss_size", st.ss_size);
  finish_struct(out);
}

// strace shows the first two of the six strings, then "...".
void render_utsname(const Capture& c, uint64_t raw, DecodedArg& out) {
  char head[kUtsnameHeadSize];
  if (!read_object(c, head)) return set_pointer(out, raw);
  out.kind = Kind::Struct;
  utsname_field(out, "sysname", head, kUtsnameFieldSize);
  utsname_field(out, "nodename", head + kUtsnameFieldSize, kUtsnameFieldSize);
  finish_struct(out);
  out.text.insert(out.text.size() - 1, ", ...");
}

void render_sysinfo(const Capture& c, uint64_t raw, DecodedArg& out) {
  struct sysinfo si;
  if (!read_object(c, si)) return set_pointer(out, raw);
  out.kind = Kind::Struct;
  add_field(out, "uptime", [&](DecodedArg& f) { set_int(f, si.uptime); });
  add_field(out, "loads", [&](DecodedArg& loads) {
    loads.kind = Kind::Array;
    loads.text = "[";
    for (int i = 0; i < 3; ++i) {
      set_unsigned(loads.items.emplace_back(), si.loads[i]);
      loads.text += fmt::format("{}{}", i ? ", " : "", si.loads[i]);
    }
    loads.text += ']';
  });
  for (auto [name, v] : {std::pair{"totalram", si.totalram}, {"freeram", si.freeram},
                         {"sharedram", si.sharedram}, {"bufferram", si.bufferram},
                         {"totalswap", si.totalswap}, {"freeswap", si.freeswap},
                         {"procs", static_cast<unsigned long>(si.procs)},
                         {"totalhigh", si.totalhigh}, {"freehigh", si.freehigh},
                         {"mem_unit", static_cast<unsigned long>(si.mem_unit)}})
    add_unsigned_field(out, name, v);
  finish_struct(out);
}

// The CPUs set in the mask the call filled in, "[0 1]" (as many bytes as it returned).
void render_cpu_set(const Capture& c, uint64_t raw, DecodedArg& out) {
  if (c.flags & SR_CAPF_TRUNCATED) return set_pointer(out, raw);
  out.kind = Kind::Array;
  out.text = "[";
  for (size_t byte = 0; byte < c.data.size(); ++byte)
    for (int bit = 0; bit < 8; ++bit) {
      if (!(static_cast<uint8_t>(c.data[byte]) & (1u << bit))) continue;
      uint64_t cpu = byte * 8 + bit;
      set_unsigned(out.items.emplace_back(), cpu);
      out.text += fmt::format("{}{}", out.items.size() > 1 ? " " : "", cpu);
    }
  out.text += ']';
}

}  // namespace sysray::decode
