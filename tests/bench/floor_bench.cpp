// sysray-floor-bench: the cost floor of syscall tracing on this machine, for scripts/bench.sh.
// Attaches floor_programs.bpf.c in one mode (system-wide, no filter), runs a command and exits
// with its status. A benchmark tool, never a test.
//
// Usage: sysray-floor-bench empty|clock|copy|clock+copy -- CMD [ARGS...]
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

#include "floor_programs.skel.h"

namespace {

struct SkeletonDeleter {
  void operator()(floor_programs_bpf* skel) const { floor_programs_bpf__destroy(skel); }
};

// floor_programs.bpf.c's mode bits: 1 = clock, 2 = copy.
int mode_number(std::string_view name) {
  if (name == "empty") return 0;
  if (name == "clock") return 1;
  if (name == "copy") return 2;
  if (name == "clock+copy") return 3;
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  int mode = argc >= 4 ? mode_number(argv[1]) : -1;
  if (mode < 0 || std::strcmp(argv[2], "--") != 0) {
    std::fprintf(stderr, "usage: sysray-floor-bench empty|clock|copy|clock+copy -- CMD [ARGS...]\n");
    return 2;
  }
  std::unique_ptr<floor_programs_bpf, SkeletonDeleter> skel(floor_programs_bpf__open());
  if (!skel) {
    std::fprintf(stderr, "sysray-floor-bench: cannot open the BPF object: %s\n", std::strerror(errno));
    return 1;
  }
  skel->rodata->mode = mode;
  if (int err = floor_programs_bpf__load(skel.get()); err) {
    std::fprintf(stderr, "sysray-floor-bench: load failed: %s\n", std::strerror(-err));
    return 1;
  }
  if (int err = floor_programs_bpf__attach(skel.get()); err) {
    std::fprintf(stderr, "sysray-floor-bench: attach failed: %s\n", std::strerror(-err));
    return 1;
  }
  pid_t child = fork();
  if (child < 0) {
    std::perror("sysray-floor-bench: fork");
    return 1;
  }
  if (child == 0) {
    execvp(argv[3], argv + 3);
    std::fprintf(stderr, "sysray-floor-bench: %s: %s\n", argv[3], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
