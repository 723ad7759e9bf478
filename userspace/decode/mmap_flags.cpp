// mmap(2)/mprotect(2)/madvise(2) arguments of flags.h: protection, mapping flags, advice.
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

// Numbers from the kernel's uapi mman-common.h: glibc's sys/mman.h lacks the newer ones.
constexpr XlatEntry kAdvice[] = {
    {0, "MADV_NORMAL"},         {1, "MADV_RANDOM"},          {2, "MADV_SEQUENTIAL"},
    {3, "MADV_WILLNEED"},       {4, "MADV_DONTNEED"},        {8, "MADV_FREE"},
    {9, "MADV_REMOVE"},         {10, "MADV_DONTFORK"},       {11, "MADV_DOFORK"},
    {12, "MADV_MERGEABLE"},     {13, "MADV_UNMERGEABLE"},    {14, "MADV_HUGEPAGE"},
    {15, "MADV_NOHUGEPAGE"},    {16, "MADV_DONTDUMP"},       {17, "MADV_DODUMP"},
    {18, "MADV_WIPEONFORK"},    {19, "MADV_KEEPONFORK"},     {20, "MADV_COLD"},
    {21, "MADV_PAGEOUT"},       {22, "MADV_POPULATE_READ"},  {23, "MADV_POPULATE_WRITE"},
    {24, "MADV_DONTNEED_LOCKED"}, {25, "MADV_COLLAPSE"},     {100, "MADV_HWPOISON"},
    {101, "MADV_SOFT_OFFLINE"},
};

}  // namespace

// The advice is an int to the kernel.
std::string format_madvise(uint64_t advice) {
  return xlat_value(kAdvice, static_cast<uint32_t>(advice), "MADV_???");
}

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
