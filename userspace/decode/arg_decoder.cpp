#include "decode/arg_decoder.h"

#include <fcntl.h>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/special_syscalls.h"

namespace sysray::decode {

namespace {

// open(2) only reads `mode` when it creates a file; strace leaves it out otherwise.
bool open_creates(uint64_t flags) {
  return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

size_t printed_args(const SyscallSemantics& s, const SyscallEvent& ev) {
  size_t n = s.nargs;
  // OpenMode is always open/openat's last argument.
  if (n > 0 && s.args[n - 1].style == ArgStyle::OpenMode &&
      !open_creates(ev.args[s.args[n - 1].ref]))
    --n;
  return n;
}

}  // namespace

ArgDecoder::ArgDecoder(const SyscallTable& table)
    : semantics_(SR_MAX_SYSCALLS), names_(SR_MAX_SYSCALLS) {
  for (int nr = 0; nr < SR_MAX_SYSCALLS; ++nr) {
    const SyscallInfo* info = table.by_nr(nr);
    if (info) {
      semantics_[nr] = syscall_semantics(*info);
      names_[nr] = info->name;
    } else {
      names_[nr] = fmt::format("syscall_{}", nr);  // strace's name for a number it cannot name
    }
  }
}

// parse_syscall_record() guarantees nr < SR_MAX_SYSCALLS; the fallbacks only keep a bad
// number from indexing out of bounds.
std::string_view ArgDecoder::name(uint32_t nr) const {
  return nr < names_.size() ? std::string_view(names_[nr]) : std::string_view("syscall_unknown");
}

const SyscallSemantics& ArgDecoder::semantics(uint32_t nr) const {
  static const SyscallSemantics kRawRegisters;
  return nr < semantics_.size() ? semantics_[nr] : kRawRegisters;
}

void ArgDecoder::decode(const SyscallEvent& ev, std::vector<DecodedArg>& out) const {
  const SyscallSemantics& s = semantics(ev.nr);
  if (s.special != Special::None) return decode_special(s.special, ev, out);
  size_t n = printed_args(s, ev);
  out.resize(n);  // resize, not clear + push: the elements' strings keep their buffers
  for (size_t i = 0; i < n; ++i) render_arg(ev, s.args[i], ev.args[i], out[i]);
}

}  // namespace sysray::decode
