// mmap(2)/mprotect(2) arguments of flags.h: protection and mapping flags.
#include <sys/mman.h>

#include <fmt/format.h>

#include "decode/flags.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

constexpr XlatEntry kProt[] = {
    SR_XLAT(PROT_READ), SR_XLAT(PROT_WRITE),     SR_XLAT(PROT_EXEC),
    {0x8, "PROT_SEM"},  SR_XLAT(PROT_GROWSDOWN), SR_XLAT(PROT_GROWSUP),
};

// The mapping type is a 4-bit value, not flags; 0 is the historical MAP_FILE.
constexpr uint32_t kMapTypeMask = 0xf;
constexpr XlatEntry kMapTypes[] = {
    {0, "MAP_FILE"}, SR_XLAT(MAP_SHARED), SR_XLAT(MAP_PRIVATE), SR_XLAT(MAP_SHARED_VALIDATE)};

// strace's order, which is not by value.
constexpr XlatEntry kMapFlags[] = {
    SR_XLAT(MAP_FIXED),     SR_XLAT(MAP_ANONYMOUS), SR_XLAT(MAP_32BIT),
    SR_XLAT(MAP_NORESERVE), SR_XLAT(MAP_POPULATE),  SR_XLAT(MAP_NONBLOCK),
    SR_XLAT(MAP_GROWSDOWN), SR_XLAT(MAP_DENYWRITE), SR_XLAT(MAP_EXECUTABLE),
    SR_XLAT(MAP_LOCKED),    SR_XLAT(MAP_STACK),     SR_XLAT(MAP_HUGETLB),
    SR_XLAT(MAP_SYNC),      SR_XLAT(MAP_FIXED_NOREPLACE),
};

// The top 6 bits give the huge page size as a power of two: "21<<MAP_HUGE_SHIFT" is 2 MiB.
constexpr uint32_t kHugeMask = uint32_t{MAP_HUGE_MASK} << MAP_HUGE_SHIFT;

}  // namespace

std::string format_mmap_prot(uint64_t prot) {
  return prot ? xlat_flags(kProt, prot, "PROT_???") : "PROT_NONE";
}

// The kernel takes the flags as an int: bits above 32 are dropped.
std::string format_mmap_flags(uint64_t flags64) {
  uint32_t flags = static_cast<uint32_t>(flags64);
  std::string out = xlat_value(kMapTypes, flags & kMapTypeMask, "MAP_???");
  append_flag(out, xlat_flags(kMapFlags, flags & ~kMapTypeMask & ~kHugeMask, nullptr));
  if (uint32_t huge = (flags & kHugeMask) >> MAP_HUGE_SHIFT)
    append_flag(out, fmt::format("{}<<MAP_HUGE_SHIFT", huge));
  return out;
}

}  // namespace sysray::decode
