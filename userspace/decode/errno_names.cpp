#include "decode/errno_names.h"

#include <string.h>

namespace sysray::decode {
namespace {

// Codes from the kernel's include/linux/errno.h that userspace normally never sees but a tracer
// does: a syscall interrupted by a signal returns ERESTARTSYS at the exit tracepoint. The ones
// strace 6.1 names (not ENOPARAM 519 nor ENOGRACE 531). strace explains the four restart codes
// in its own words; for the others it prints strerror()'s text, glibc's "Unknown error N".
struct KernelInternal {
  int err;
  const char* name;
  const char* message;
};
constexpr KernelInternal kKernelInternal[] = {
    {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    {513, "ERESTARTNOINTR", "To be restarted"},
    {514, "ERESTARTNOHAND", "To be restarted if no handler"},
    {515, "ENOIOCTLCMD", "Unknown error 515"},
    {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
    {517, "EPROBE_DEFER", "Unknown error 517"},
    {518, "EOPENSTALE", "Unknown error 518"},
    {521, "EBADHANDLE", "Unknown error 521"},
    {522, "ENOTSYNC", "Unknown error 522"},
    {523, "EBADCOOKIE", "Unknown error 523"},
    {524, "ENOTSUPP", "Unknown error 524"},
    {525, "ETOOSMALL", "Unknown error 525"},
    {526, "ESERVERFAULT", "Unknown error 526"},
    {527, "EBADTYPE", "Unknown error 527"},
    {528, "EJUKEBOX", "Unknown error 528"},
    {529, "EIOCBQUEUED", "Unknown error 529"},
    {530, "ERECALLCONFLICT", "Unknown error 530"},
};

const KernelInternal* kernel_internal(int err) {
  for (const auto& k : kKernelInternal)
    if (k.err == err) return &k;
  return nullptr;
}

}  // namespace

// 1..133 (EPERM..EHWPOISON): glibc's own tables (strerrorname_np and strerrordesc_np, glibc
// >= 2.32) are the ones strace prints through, untranslated; aliases come out as strace names
// them (EAGAIN, not EWOULDBLOCK; EDEADLK; EOPNOTSUPP).
std::string_view errno_name(int err) {
  if (const auto* k = kernel_internal(err)) return k->name;
  const char* name = err > 0 ? strerrorname_np(err) : nullptr;
  return name ? name : "";
}

std::string_view errno_message(int err) {
  if (const auto* k = kernel_internal(err)) return k->message;
  const char* text = err > 0 ? strerrordesc_np(err) : nullptr;
  return text ? text : "";
}

std::string errno_label(int err) {
  std::string_view name = errno_name(err);
  return name.empty() ? "errno " + std::to_string(err) : std::string(name);
}

}  // namespace sysray::decode
