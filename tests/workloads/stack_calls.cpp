// stack_calls: syscalls made at known depths, for trace -k against strace -k:
//  - getppid() two functions deep (stack_outer -> stack_inner -> syscall(2));
//  - getppid() from a qsort callback, with glibc's sort (no frame pointers) in between;
//  - getaddrinfo("localhost"): the sockets and files glibc opens deep inside itself.
#include <netdb.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>

__attribute__((noinline)) void stack_inner() {
  syscall(SYS_getppid);
  asm volatile("" ::: "memory");  // not a tail call
}

__attribute__((noinline)) void stack_outer() {
  stack_inner();
  asm volatile("" ::: "memory");
}

__attribute__((noinline)) int stack_compare(const void* a, const void* b) {
  static bool once = false;
  if (!once) {
    once = true;
    syscall(SYS_getppid);
  }
  return *static_cast<const int*>(a) - *static_cast<const int*>(b);
}

int main() {
  stack_outer();
  int values[] = {3, 1, 2};
  qsort(values, 3, sizeof(int), stack_compare);
  addrinfo* found = nullptr;
  if (getaddrinfo("localhost", "80", nullptr, &found) == 0) freeaddrinfo(found);
  return 0;
}
