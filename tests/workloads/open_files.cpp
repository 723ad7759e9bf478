// open_files [PATH=/etc/hostname] [MISSING=/nonexistent/sysray-test]: one successful and one
// failed openat. Syscalls, in order:
//   openat(AT_FDCWD, PATH, O_RDONLY) = 3
//   close(3)
//   openat(AT_FDCWD, MISSING, O_RDONLY) = -1 ENOENT
// Exit 0 when PATH opened and MISSING failed with ENOENT. (The tests pass a MISSING of their
// own: a stray /nonexistent file turns the default's error into ENOTDIR.)
#include <fcntl.h>
#include <unistd.h>

#include "workload.h"

int main(int argc, char** argv) {
  const char* path = workload::arg_str(argc, argv, 1, "/etc/hostname");
  const char* missing_path = workload::arg_str(argc, argv, 2, "/nonexistent/sysray-test");

  int fd = openat(AT_FDCWD, path, O_RDONLY);
  workload::check(fd >= 0, path);
  close(fd);

  int missing = openat(AT_FDCWD, missing_path, O_RDONLY);
  if (missing >= 0 || errno != ENOENT) {
    std::fprintf(stderr, "open_files: %s: expected ENOENT\n", missing_path);
    return 1;
  }
  return 0;
}
