// Commands and modes of the calls on open files, of flags.h (lseek, flock) and fcntl.h
// (fcntl's commands and the values some of them take).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <string>

#include "decode/fcntl_names.h"
#include "decode/flags.h"
#include "decode/xlat.h"

namespace sysray::decode {
namespace {

constexpr XlatEntry kFadvise[] = {SR_XLAT(POSIX_FADV_NORMAL), SR_XLAT(POSIX_FADV_RANDOM),
                                  SR_XLAT(POSIX_FADV_SEQUENTIAL), SR_XLAT(POSIX_FADV_WILLNEED),
                                  SR_XLAT(POSIX_FADV_DONTNEED), SR_XLAT(POSIX_FADV_NOREUSE)};

constexpr XlatEntry kWhence[] = {SR_XLAT(SEEK_SET), SR_XLAT(SEEK_CUR), SR_XLAT(SEEK_END),
                                 SR_XLAT(SEEK_DATA), SR_XLAT(SEEK_HOLE)};

// LOCK_SH..LOCK_UN are values that may carry LOCK_NB; strace prints them as flags.
constexpr XlatEntry kFlockOps[] = {SR_XLAT(LOCK_SH), SR_XLAT(LOCK_EX), SR_XLAT(LOCK_NB),
                                   SR_XLAT(LOCK_UN), SR_XLAT(LOCK_MAND), SR_XLAT(LOCK_READ),
                                   SR_XLAT(LOCK_WRITE)};

// Numbers from the kernel's uapi fcntl.h: glibc leaves some out.
constexpr XlatEntry kFcntlCmds[] = {
    {0, "F_DUPFD"},          {1, "F_GETFD"},          {2, "F_SETFD"},
    {3, "F_GETFL"},          {4, "F_SETFL"},          {5, "F_GETLK"},
    {6, "F_SETLK"},          {7, "F_SETLKW"},         {8, "F_SETOWN"},
    {9, "F_GETOWN"},         {10, "F_SETSIG"},        {11, "F_GETSIG"},
    {15, "F_SETOWN_EX"},     {16, "F_GETOWN_EX"},     {17, "F_GETOWNER_UIDS"},
    {36, "F_OFD_GETLK"},     {37, "F_OFD_SETLK"},     {38, "F_OFD_SETLKW"},
    {1024, "F_SETLEASE"},    {1025, "F_GETLEASE"},    {1026, "F_NOTIFY"},
    {1030, "F_DUPFD_CLOEXEC"}, {1031, "F_SETPIPE_SZ"}, {1032, "F_GETPIPE_SZ"},
    {1033, "F_ADD_SEALS"},   {1034, "F_GET_SEALS"},   {1035, "F_GET_RW_HINT"},
    {1036, "F_SET_RW_HINT"}, {1037, "F_GET_FILE_RW_HINT"}, {1038, "F_SET_FILE_RW_HINT"},
};

constexpr XlatEntry kFdFlags[] = {SR_XLAT(FD_CLOEXEC)};
constexpr XlatEntry kLeases[] = {SR_XLAT(F_RDLCK), SR_XLAT(F_WRLCK), SR_XLAT(F_UNLCK)};
constexpr XlatEntry kSeals[] = {{1, "F_SEAL_SEAL"}, {2, "F_SEAL_SHRINK"}, {4, "F_SEAL_GROW"},
                                {8, "F_SEAL_WRITE"}, {0x10, "F_SEAL_FUTURE_WRITE"}};
constexpr XlatEntry kNotify[] = {{1, "DN_ACCESS"},    {2, "DN_MODIFY"}, {4, "DN_CREATE"},
                                 {8, "DN_DELETE"},    {0x10, "DN_RENAME"}, {0x20, "DN_ATTRIB"},
                                 {0x80000000, "DN_MULTISHOT"}};

}  // namespace

std::string format_whence(uint64_t whence) { return xlat_value(kWhence, whence, "SEEK_???"); }

std::string format_fadvise(uint64_t advice) {
  return xlat_value(kFadvise, static_cast<uint32_t>(advice), "POSIX_FADV_???");
}

std::string format_flock_op(uint64_t op) { return xlat_flags_or_zero(kFlockOps, op, "LOCK_???"); }

std::string format_fcntl_cmd(uint64_t cmd) { return xlat_value(kFcntlCmds, cmd, "F_???"); }

std::string format_fd_cloexec(uint64_t flags) {
  return xlat_flags_or_zero(kFdFlags, flags, nullptr);
}

std::string format_lease(uint64_t type) { return xlat_value(kLeases, type, "F_???"); }

std::string format_seals(uint64_t seals) { return xlat_flags_or_zero(kSeals, seals, "F_SEAL_???"); }

std::string format_dnotify(uint64_t events) { return xlat_flags_or_zero(kNotify, events, "DN_???"); }

}  // namespace sysray::decode
