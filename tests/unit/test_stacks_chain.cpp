// The call chain the stack tests and benchmark take their snapshots in (test_stacks_capture.h).
#include <cstdlib>

#include "test_stacks_capture.h"

// The captures are inline assembly inside the leaf, so that the leaf's frame is the first one.
// rbx, rbp, rsp, r12-r15 and rip of this point into `regs` (a uint64_t[17], DWARF order).
#define SYSRAY_CAPTURE_REGS(regs)                                                                 \
  asm volatile("mov %%rbx, 24(%0)\n\tmov %%rbp, 48(%0)\n\tmov %%rsp, 56(%0)\n\t"                 \
               "mov %%r12, 96(%0)\n\tmov %%r13, 104(%0)\n\tmov %%r14, 112(%0)\n\t"               \
               "mov %%r15, 120(%0)\n\tlea 0(%%rip), %%rax\n\tmov %%rax, 128(%0)"                 \
               :                                                                                 \
               : "r"(regs)                                                                       \
               : "rax", "memory")

// The same, then getppid(2) by a syscall instruction right here: rip is where the kernel's
// pt_regs say the call was made (after the instruction), as strace -k and the BPF side see it.
#define SYSRAY_CAPTURE_REGS_AT_GETPPID(regs)                                                      \
  asm volatile("mov %%rbx, 24(%0)\n\tmov %%rbp, 48(%0)\n\tmov %%rsp, 56(%0)\n\t"                 \
               "mov %%r12, 96(%0)\n\tmov %%r13, 104(%0)\n\tmov %%r14, 112(%0)\n\t"               \
               "mov %%r15, 120(%0)\n\tlea 1f(%%rip), %%rax\n\tmov %%rax, 128(%0)\n\t"            \
               "mov $110, %%eax\n\tsyscall\n1:"                                                  \
               :                                                                                 \
               : "r"(regs)                                                                       \
               : "rax", "rcx", "r11", "memory")

sysray::stacks::test::CapturedStack stacks_test_captured;

namespace {

void (*chain_leaf)() = nullptr;

}  // namespace

__attribute__((noinline)) void stacks_test_leaf() {
  SYSRAY_CAPTURE_REGS(stacks_test_captured.regs.data());
  sysray::stacks::test::copy_own_stack(stacks_test_captured);
}

__attribute__((noinline)) void stacks_test_getppid_leaf() {
  SYSRAY_CAPTURE_REGS_AT_GETPPID(stacks_test_captured.regs.data());
  sysray::stacks::test::copy_own_stack(stacks_test_captured);
}

__attribute__((noinline)) int stacks_test_compare(const void* a, const void* b) {
  if (chain_leaf) {
    auto leaf = chain_leaf;
    chain_leaf = nullptr;  // once per sort
    leaf();
  }
  return *static_cast<const int*>(a) - *static_cast<const int*>(b);
}

__attribute__((noinline)) void stacks_test_sort() {
  int values[] = {3, 1, 2};
  qsort(values, 3, sizeof(int), stacks_test_compare);
  asm volatile("" ::: "memory");  // not a tail call
}

__attribute__((noinline)) void stacks_test_outer(void (*leaf)()) {
  chain_leaf = leaf;
  stacks_test_sort();
  asm volatile("" ::: "memory");
}
