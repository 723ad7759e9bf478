#include "decode/errno_names.h"

#include <string.h>

namespace sysray::decode {
namespace {

// Codes the kernel uses internally that userspace normally never sees, but a tracer does (a
// syscall interrupted by a signal returns ERESTARTSYS to the tracepoint). Names and texts as
// strace prints them.
struct Internal {
  int err;
  const char* name;
  const char* message;
};
constexpr Internal kInternal[] = {
    {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    {513, "ERESTARTNOINTR", "To be restarted"},
    {514, "ERESTARTNOHAND", "To be restarted if no handler"},
    {515, "ENOIOCTLCMD", "No ioctl command"},
    {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
    {517, "EPROBE_DEFER", "Driver requests probe retry"},
    {518, "EOPENSTALE", "Open found a stale dentry"},
    {519, "ENOPARAM", "Parameter not supported"},
    {521, "EBADHANDLE", "Illegal NFS file handle"},
    {522, "ENOTSYNC", "Update synchronization mismatch"},
    {523, "EBADCOOKIE", "Cookie is stale"},
    {524, "ENOTSUPP", "Operation is not supported"},
    {525, "ETOOSMALL", "Buffer or request is too small"},
    {526, "ESERVERFAULT", "An untranslatable error occurred"},
    {527, "EBADTYPE", "Type not supported by server"},
    {528, "EJUKEBOX", "Request initiated, but will not complete before timeout"},
    {529, "EIOCBQUEUED", "iocb queued, will get completion event"},
    {530, "ERECALLCONFLICT", "Conflict with recalled state"},
};

const Internal* internal(int err) {
  for (const auto& i : kInternal)
    if (i.err == err) return &i;
  return nullptr;
}

}  // namespace

// glibc (>= 2.32) knows every errno of the running system: use it rather than a copied table.
std::string_view errno_name(int err) {
  if (const auto* i = internal(err)) return i->name;
  const char* name = err > 0 ? strerrorname_np(err) : nullptr;
  return name ? name : "";
}

std::string_view errno_message(int err) {
  if (const auto* i = internal(err)) return i->message;
  const char* text = err > 0 ? strerrordesc_np(err) : nullptr;
  return text ? text : "";
}

}  // namespace sysray::decode
