// struct stat and struct statx in strace's abbreviated form (without -v):
// "{st_mode=S_IFREG|0644, st_size=1922136, ...}", st_rdev instead of st_size for devices;
// "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0644,
// stx_size=1221, ...}".
#include <sys/stat.h>
#include <sys/sysmacros.h>

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

constexpr XlatEntry kFileTypes[] = {SR_XLAT(S_IFREG), SR_XLAT(S_IFSOCK), SR_XLAT(S_IFIFO),
                                    SR_XLAT(S_IFLNK), SR_XLAT(S_IFDIR),  SR_XLAT(S_IFBLK),
                                    SR_XLAT(S_IFCHR)};
constexpr XlatEntry kModeBits[] = {SR_XLAT(S_ISUID), SR_XLAT(S_ISGID), SR_XLAT(S_ISVTX)};

// strace's order: the combined masks before their parts.
constexpr XlatEntry kStatxMask[] = {
    {0xfff, "STATX_ALL"},    {0x7ff, "STATX_BASIC_STATS"}, {0x1, "STATX_TYPE"},
    {0x2, "STATX_MODE"},     {0x4, "STATX_NLINK"},         {0x8, "STATX_UID"},
    {0x10, "STATX_GID"},     {0x20, "STATX_ATIME"},        {0x40, "STATX_MTIME"},
    {0x80, "STATX_CTIME"},   {0x100, "STATX_INO"},         {0x200, "STATX_SIZE"},
    {0x400, "STATX_BLOCKS"}, {0x800, "STATX_BTIME"},       {0x1000, "STATX_MNT_ID"},
    {0x2000, "STATX_DIOALIGN"},
};
constexpr XlatEntry kStatxAttributes[] = {
    {0x4, "STATX_ATTR_COMPRESSED"}, {0x10, "STATX_ATTR_IMMUTABLE"},
    {0x20, "STATX_ATTR_APPEND"},    {0x40, "STATX_ATTR_NODUMP"},
    {0x800, "STATX_ATTR_ENCRYPTED"}, {0x1000, "STATX_ATTR_AUTOMOUNT"},
    {0x2000, "STATX_ATTR_MOUNT_ROOT"}, {0x100000, "STATX_ATTR_VERITY"},
    {0x200000, "STATX_ATTR_DAX"},
};

void mode_field(DecodedArg& s, uint32_t mode, const char* name) {
  std::string text = xlat_value(kFileTypes, mode & S_IFMT, "S_IF???");
  append_flag(text, xlat_flags(kModeBits, mode & 07000, nullptr));
  append_flag(text, format_mode(mode & 0777));
  DecodedArg& f = s.items.emplace_back();
  set_symbol(f, mode, std::move(text));
  set_named(f, name);
}

void flags_field(DecodedArg& s, std::span<const XlatEntry> table, uint64_t v, const char* name) {
  DecodedArg& f = s.items.emplace_back();
  set_symbol_or_zero(f, v, xlat_flags_or_zero(table, v, nullptr));
  set_named(f, name);
}

void size_field(DecodedArg& s, uint64_t size, const char* name) {
  DecodedArg& f = s.items.emplace_back();
  set_unsigned(f, size);
  set_named(f, name);
}

// "makedev(0x88, 0)", C's %#x; JSON {"major": 136, "minor": 0}.
void rdev_field(DecodedArg& s, uint64_t rdev) {
  DecodedArg& f = s.items.emplace_back();
  f.kind = Kind::Struct;
  set_unsigned(f.items.emplace_back(), major(rdev));
  f.items.back().name = "major";
  set_unsigned(f.items.emplace_back(), minor(rdev));
  f.items.back().name = "minor";
  f.text = fmt::format("st_rdev=makedev({}, {})", c_hex(major(rdev)), c_hex(minor(rdev)));
  f.name = "st_rdev";
}

// The fields strace leaves out show as ", ..." (text only).
void finish_abbreviated(DecodedArg& out) {
  finish_struct(out);
  out.text.insert(out.text.size() - 1, ", ...");
}

}  // namespace

void render_stat(const Capture& c, uint64_t raw, DecodedArg& out) {
  struct stat st;
  if (!read_object(c, st)) return set_pointer(out, raw);
  out.kind = Kind::Struct;
  mode_field(out, st.st_mode, "st_mode");
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
    rdev_field(out, st.st_rdev);
  else
    size_field(out, st.st_size, "st_size");
  finish_abbreviated(out);
}

std::string format_statx_mask(uint64_t mask) { return xlat_flags_or_zero(kStatxMask, mask, "STATX_???"); }

void render_statx(const Capture& c, uint64_t raw, DecodedArg& out) {
  struct statx stx;
  if (!read_object(c, stx, kStatxHeadSize)) return set_pointer(out, raw);
  out.kind = Kind::Struct;
  flags_field(out, kStatxMask, stx.stx_mask, "stx_mask");
  flags_field(out, kStatxAttributes, stx.stx_attributes, "stx_attributes");
  mode_field(out, stx.stx_mode, "stx_mode");
  size_field(out, stx.stx_size, "stx_size");
  finish_abbreviated(out);
}

}  // namespace sysray::decode
