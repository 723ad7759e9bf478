// struct statfs (statfs, fstatfs) as strace prints it:
// "{f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, ..., f_fsid={val=[0xe17516de,
// 0x474c70e7]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}".
#include <linux/magic.h>
#include <sys/vfs.h>

#include <string>

#include <fmt/format.h>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/kernel_structs.h"
#include "decode/xlat.h"

static_assert(sizeof(struct statfs) == sysray::decode::kStatfsSize);

namespace sysray::decode {
namespace {

using Kind = DecodedArg::Kind;

// linux/magic.h's file system types; the first name of a shared number is strace's (ext2 for
// ext3 and ext4).
constexpr XlatEntry kMagics[] = {
    SR_XLAT(EXT2_SUPER_MAGIC),    SR_XLAT(TMPFS_MAGIC),          SR_XLAT(PROC_SUPER_MAGIC),
    SR_XLAT(SYSFS_MAGIC),         SR_XLAT(BTRFS_SUPER_MAGIC),    SR_XLAT(XFS_SUPER_MAGIC),
    SR_XLAT(OVERLAYFS_SUPER_MAGIC), SR_XLAT(CGROUP2_SUPER_MAGIC), SR_XLAT(CGROUP_SUPER_MAGIC),
    SR_XLAT(DEVPTS_SUPER_MAGIC),  SR_XLAT(NFS_SUPER_MAGIC),      SR_XLAT(FUSE_SUPER_MAGIC),
    SR_XLAT(SQUASHFS_MAGIC),      SR_XLAT(RAMFS_MAGIC),          SR_XLAT(HUGETLBFS_MAGIC),
    SR_XLAT(DEBUGFS_MAGIC),       SR_XLAT(TRACEFS_MAGIC),        SR_XLAT(SECURITYFS_MAGIC),
    SR_XLAT(SELINUX_MAGIC),       SR_XLAT(BPF_FS_MAGIC),         SR_XLAT(PIPEFS_MAGIC),
    SR_XLAT(SOCKFS_MAGIC),        SR_XLAT(ANON_INODE_FS_MAGIC),  SR_XLAT(NSFS_MAGIC),
    SR_XLAT(MSDOS_SUPER_MAGIC),   SR_XLAT(EXFAT_SUPER_MAGIC),    SR_XLAT(ISOFS_SUPER_MAGIC),
    SR_XLAT(F2FS_SUPER_MAGIC),    SR_XLAT(EROFS_SUPER_MAGIC_V1), SR_XLAT(CIFS_SUPER_MAGIC),
    SR_XLAT(SMB2_SUPER_MAGIC),    SR_XLAT(CEPH_SUPER_MAGIC),     SR_XLAT(V9FS_MAGIC),
    SR_XLAT(EFIVARFS_MAGIC),      SR_XLAT(PSTOREFS_MAGIC),       SR_XLAT(AUTOFS_SUPER_MAGIC),
    SR_XLAT(BINFMTFS_MAGIC),      SR_XLAT(CRAMFS_MAGIC),         SR_XLAT(ECRYPTFS_SUPER_MAGIC),
    SR_XLAT(NILFS_SUPER_MAGIC),   SR_XLAT(OCFS2_SUPER_MAGIC),    SR_XLAT(UDF_SUPER_MAGIC),
    SR_XLAT(ZONEFS_MAGIC),        SR_XLAT(DMA_BUF_MAGIC),        SR_XLAT(SECRETMEM_MAGIC),
};

// include/linux/statfs.h's ST_* (glibc's sys/statvfs.h lacks ST_VALID), by value.
constexpr XlatEntry kFlags[] = {
    {0x0001, "ST_RDONLY"},     {0x0002, "ST_NOSUID"},     {0x0004, "ST_NODEV"},
    {0x0008, "ST_NOEXEC"},     {0x0010, "ST_SYNCHRONOUS"}, {0x0020, "ST_VALID"},
    {0x0040, "ST_MANDLOCK"},   {0x0400, "ST_NOATIME"},    {0x0800, "ST_NODIRATIME"},
    {0x1000, "ST_RELATIME"},   {0x2000, "ST_NOSYMFOLLOW"},
};

}  // namespace

void render_statfs(const Capture& c, uint64_t raw, DecodedArg& out) {
  struct statfs st;
  if (!read_object(c, st)) return set_pointer(out, raw);
  out.kind = Kind::Struct;
  auto type = static_cast<uint64_t>(st.f_type);
  add_field(out, "f_type", [&](DecodedArg& f) {
    const char* name = xlat_lookup(kMagics, type);
    set_symbol(f, type, name ? name : c_hex(type));
  });
  add_unsigned_field(out, "f_bsize", st.f_bsize);
  add_unsigned_field(out, "f_blocks", st.f_blocks);
  add_unsigned_field(out, "f_bfree", st.f_bfree);
  add_unsigned_field(out, "f_bavail", st.f_bavail);
  add_unsigned_field(out, "f_files", st.f_files);
  add_unsigned_field(out, "f_ffree", st.f_ffree);
  add_field(out, "f_fsid", [&](DecodedArg& fsid) {
    fsid.kind = Kind::Struct;
    add_field(fsid, "val", [&](DecodedArg& val) {
      val.kind = Kind::Array;
      for (int v : st.f_fsid.__val) set_hex(val.items.emplace_back(), static_cast<uint32_t>(v));
      val.text = fmt::format("[{}, {}]", val.items[0].text, val.items[1].text);
    });
    finish_struct(fsid);
  });
  add_unsigned_field(out, "f_namelen", st.f_namelen);
  add_unsigned_field(out, "f_frsize", st.f_frsize);
  add_field(out, "f_flags", [&](DecodedArg& f) {
    auto flags = static_cast<uint64_t>(st.f_flags);
    set_symbol_or_zero(f, flags, xlat_flags_or_zero(kFlags, flags, nullptr));
  });
  finish_struct(out);
}

}  // namespace sysray::decode
