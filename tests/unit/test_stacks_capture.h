// trace -k tests and benchmark: this process takes a snapshot of itself as the BPF side takes one
// at a syscall's entry: the registers the unwinder needs (in DWARF order) and the top of its
// own stack, from rsp up.
#pragma once
#include <pthread.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "stacks/snapshot.h"

namespace sysray::stacks::test {

struct CapturedStack {
  std::array<uint64_t, kRegCount> regs{};
  std::vector<uint8_t> bytes;
  StackSnapshot snapshot() const { return StackSnapshot{regs, bytes}; }
};

// Copies up to `limit` bytes of this thread's stack from the captured rsp, or less where the
// stack ends sooner (as the BPF side does). Called right after the capture, by its function.
inline void copy_own_stack(CapturedStack& c, size_t limit = 8192) {
  pthread_attr_t attr;
  void* base = nullptr;
  size_t size = 0;
  pthread_getattr_np(pthread_self(), &attr);
  pthread_attr_getstack(&attr, &base, &size);
  pthread_attr_destroy(&attr);
  uint64_t top = reinterpret_cast<uint64_t>(base) + size;
  uint64_t sp = c.regs[kRsp];
  c.bytes.resize(std::min<uint64_t>(limit, top - sp));
  std::memcpy(c.bytes.data(), reinterpret_cast<const void*>(sp), c.bytes.size());
}

}  // namespace sysray::stacks::test

// Calls `leaf` once, four frames down and through glibc, which keeps no frame pointers:
// stacks_test_outer -> stacks_test_sort -> qsort (glibc's frames) -> stacks_test_compare -> leaf.
// In test_stacks_chain.cpp; each is an extern, never inlined function with a symbol of its own.
void stacks_test_outer(void (*leaf)());
// Leaves for it: each snapshots itself into stacks_test_captured, the first anywhere, the second
// at a getppid(2) made by a syscall instruction right there (its rip is what the kernel's
// pt_regs say at sys_enter, as strace -k and the BPF side see it).
void stacks_test_leaf();
void stacks_test_getppid_leaf();
extern sysray::stacks::test::CapturedStack stacks_test_captured;

