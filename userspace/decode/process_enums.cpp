// Process-wide requests of flags.h: arch_prctl(2)'s code and getrandom(2)'s flags.
#include <sys/random.h>

#include <string>

#include "decode/flags.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

#ifndef GRND_INSECURE
#define GRND_INSECURE 0x4  // Linux 5.6; glibc's sys/random.h may lack it
#endif

// asm/prctl.h's x86_64 codes (that header's set differs between kernel versions). strace 6.1
// has no name for the CET codes (0x3001...), so neither has this table.
constexpr XlatEntry kArchPrctl[] = {
    {0x1001, "ARCH_SET_GS"},          {0x1002, "ARCH_SET_FS"},
    {0x1003, "ARCH_GET_FS"},          {0x1004, "ARCH_GET_GS"},
    {0x1011, "ARCH_GET_CPUID"},       {0x1012, "ARCH_SET_CPUID"},
    {0x1021, "ARCH_GET_XCOMP_SUPP"},  {0x1022, "ARCH_GET_XCOMP_PERM"},
    {0x1023, "ARCH_REQ_XCOMP_PERM"},  {0x1024, "ARCH_GET_XCOMP_GUEST_PERM"},
    {0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"},
    {0x2001, "ARCH_MAP_VDSO_X32"},    {0x2002, "ARCH_MAP_VDSO_32"},
    {0x2003, "ARCH_MAP_VDSO_64"},
};

constexpr XlatEntry kGetrandomFlags[] = {
    SR_XLAT(GRND_NONBLOCK), SR_XLAT(GRND_RANDOM), SR_XLAT(GRND_INSECURE)};

}  // namespace

// The code is an int to the kernel.
std::string format_arch_prctl(uint64_t code) {
  return xlat_value(kArchPrctl, static_cast<uint32_t>(code), "ARCH_???");
}

std::string format_getrandom_flags(uint64_t flags) {
  return xlat_flags_or_zero(kGetrandomFlags, static_cast<uint32_t>(flags), "GRND_???");
}

}  // namespace sysray::decode
