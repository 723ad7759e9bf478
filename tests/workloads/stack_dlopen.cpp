// stack_dlopen: one getppid from the executable, then dlopen("libstack_plugin.so", next to this
// binary) and one getppid from the plugin: trace -k must name the plugin's frame like strace -k.
#include <dlfcn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <string>

int main() {
  syscall(SYS_getppid);  // a stack before the plugin is mapped
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n <= 0) return 1;
  std::string dir(self, static_cast<size_t>(n));
  dir.resize(dir.rfind('/'));
  void* plugin = dlopen((dir + "/libstack_plugin.so").c_str(), RTLD_NOW);
  if (!plugin) {
    std::fprintf(stderr, "stack_dlopen: %s\n", dlerror());
    return 1;
  }
  auto fn = reinterpret_cast<void (*)()>(dlsym(plugin, "plugin_getppid"));
  if (!fn) return 1;
  fn();
  return 0;
}
