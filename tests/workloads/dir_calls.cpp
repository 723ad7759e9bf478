// dir_calls DIR: directory and link calls whose outputs strace prints, for the decoding tests.
// Makes DIR/f000..f299 and DIR/link -> "f000", then:
//   readlink("DIR/link", "f000", 64) = 4
//   readlinkat(AT_FDCWD, "DIR/link", "f000", 64) = 4
//   openat(AT_FDCWD, "DIR", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3   (opendir)
//   getdents64(3, 0x... /* 303 entries */, 32768) = ...                (readdir: 300 + link + . ..)
//   getdents64(3, 0x... /* 0 entries */, 32768) = 0
// Exit 0 when readdir saw 303 entries.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "workload.h"

int main(int argc, char** argv) {
  std::string dir = workload::arg_str(argc, argv, 1, "");
  workload::check(!dir.empty(), "usage: dir_calls DIR");
  for (int i = 0; i < 300; ++i) {
    char name[16];
    std::snprintf(name, sizeof(name), "/f%03d", i);
    int fd = open((dir + name).c_str(), O_CREAT | O_WRONLY, 0644);
    workload::check(fd >= 0, "create");
    close(fd);
  }
  std::string link = dir + "/link";
  workload::check(symlink("f000", link.c_str()) == 0, "symlink");
  char buf[64];
  workload::check(readlink(link.c_str(), buf, sizeof(buf)) == 4, "readlink");
  workload::check(readlinkat(AT_FDCWD, link.c_str(), buf, sizeof(buf)) == 4, "readlinkat");
  DIR* d = opendir(dir.c_str());
  workload::check(d != nullptr, "opendir");
  int entries = 0;
  while (readdir(d)) ++entries;
  closedir(d);
  if (entries != 303) {
    std::fprintf(stderr, "dir_calls: %d entries, expected 303\n", entries);
    return 1;
  }
  return 0;
}
