// trace -k: the ELF objects behind mappings, opened once each and shared by every process that
// maps them (keyed by device and inode, so a path that now names another file is not confused
// with the one that was mapped).
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "stacks/elf_object.h"
#include "stacks/proc_maps.h"

namespace sysray::stacks {

class ObjectCache {
 public:
  // The object mapped at `m` in process `pid` (0: no live process to ask): null for anonymous
  // memory and for files that cannot be opened (the frame then has no symbol, as in strace).
  // A file that is gone or was replaced is read through /proc/PID/map_files while the process
  // lives; one in another mount namespace through /proc/PID/root. "[vdso]" is this process's
  // own vdso image: the kernel maps the same one into every 64-bit process.
  ElfObject* get(const MapEntry& m, pid_t pid);

  size_t size() const { return objects_.size(); }

 private:
  struct Key {
    uint64_t dev = 0;
    uint64_t inode = 0;
    std::string special;  // "[vdso]" and the like (inode 0)
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  std::unique_ptr<ElfObject> open(const MapEntry& m, pid_t pid) const;

  std::unordered_map<Key, std::unique_ptr<ElfObject>, KeyHash> objects_;  // null: cannot be opened
};

// This process's vdso image, copied out of its memory; empty when it has none.
std::vector<uint8_t> own_vdso_image();

}  // namespace sysray::stacks
