// trace -k's unwinder (trace/user_stack_frames.h) on real stacks: this test process copies its
// own registers and the top of its own stack, as bpf/user_stack.bpf.h does at a syscall, deep
// in a call chain that goes through glibc (lfind calling back), which has no frame pointers:
// only DWARF CFI gets through it. (lfind rather than qsort: AddressSanitizer replaces qsort.)
#include <catch2/catch.hpp>
#include <pthread.h>
#include <search.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "format/stack_format.h"
#include "trace/process_mappings.h"
#include "trace/user_stack_frames.h"

using namespace sysray;

namespace {

StackRecord captured;

}  // namespace

// Not static, not inlined: each must be a frame with a symbol of its own.
__attribute__((noinline)) void sysray_test_capture_here() {
  uint64_t rsp, rbp, rip;
  asm volatile("mov %%rsp, %0\n\tmov %%rbp, %1\n\tlea 0(%%rip), %2" : "=r"(rsp), "=r"(rbp), "=r"(rip));
  captured.pid = static_cast<uint32_t>(getpid());
  captured.tid = static_cast<uint32_t>(syscall(SYS_gettid));
  captured.regs = {};
  captured.regs[6] = rbp;
  captured.regs[kDwarfSp] = rsp;
  captured.regs[kDwarfIp] = rip;
  // As the BPF side does: 8 KiB, or less where the stack ends sooner.
  pthread_attr_t attr;
  void* base = nullptr;
  size_t size = 0;
  pthread_getattr_np(pthread_self(), &attr);
  pthread_attr_getstack(&attr, &base, &size);
  pthread_attr_destroy(&attr);
  uint64_t top = reinterpret_cast<uint64_t>(base) + size;
  captured.stack.resize(std::min<uint64_t>(8192, top - rsp));
  // Read through the kernel, as the BPF side does: a memcpy of the live stack would read
  // AddressSanitizer's redzones between frames, which it rightly reports.
  iovec local{captured.stack.data(), captured.stack.size()};
  iovec remote{reinterpret_cast<void*>(rsp), captured.stack.size()};
  if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != static_cast<ssize_t>(captured.stack.size()))
    captured.stack.clear();
}

__attribute__((noinline)) int sysray_test_compare(const void* a, const void* b) {
  static bool once = false;
  if (!once) {
    once = true;
    sysray_test_capture_here();
  }
  return *static_cast<const int*>(a) - *static_cast<const int*>(b);
}

__attribute__((noinline)) void sysray_test_level_one() {
  int values[] = {3, 1, 2};
  int key = 2;
  size_t n = 3;
  lfind(&key, values, &n, sizeof(int), sysray_test_compare);
  asm volatile("" ::: "memory");  // not a tail call
}

__attribute__((noinline)) void sysray_test_level_two() {
  sysray_test_level_one();
  asm volatile("" ::: "memory");
}

TEST_CASE("a stack copied at a call is unwound through glibc and symbolized", "[stacks]") {
  sysray_test_level_two();
  ProcessMappings maps;
  REQUIRE(maps.seed_from_proc(captured.pid));
  UserStackFrames unwinder(maps, true);
  std::vector<StackFrame> frames = unwinder.frames(captured);
  std::string all;
  for (const auto& f : frames) all += strace_frame_line(f, true) + "\n";
  INFO(all);
  // In order, with glibc's lfind between the callback and its caller.
  std::vector<std::string> expected = {"sysray_test_capture_here()", "sysray_test_compare(void const*, void const*)",
                                       "lfind", "sysray_test_level_one()", "sysray_test_level_two()"};
  size_t at = 0;
  for (const auto& f : frames) {
    if (at < expected.size() && f.symbol.rfind(expected[at], 0) == 0) ++at;
  }
  CHECK(at == expected.size());
  REQUIRE(frames.size() > 5);
  CHECK(frames[0].object.find("sysray-unit-tests") != std::string::npos);
  CHECK(frames[0].symbol == "sysray_test_capture_here()");
  CHECK(frames[0].line > 0);  // -kk: this file's line, from the test binary's DWARF
  CHECK(frames[0].file.find("test_user_stack_frames.cpp") != std::string::npos);
  bool libc = false;
  for (const auto& f : frames) libc |= f.object.find("libc.so") != std::string::npos;
  CHECK(libc);
  // The same stack again: every frame from the cache.
  uint64_t misses = unwinder.cache_misses();
  CHECK(unwinder.frames(captured).size() == frames.size());
  CHECK(unwinder.cache_misses() == misses);
  CHECK(unwinder.cache_hits() >= frames.size());
}

