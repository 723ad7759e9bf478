// trace -k: a snapshot (registers and top of stack at a syscall's entry) turned into the pcs of
// its frames, innermost first. Each step uses the frame's DWARF CFI (.eh_frame, else
// .debug_frame), read once per (object, address) through libdw and then kept as FrameRules, so
// a stack seen before costs hash lookups and reads from the copied bytes. An object without any
// CFI (a stripped Go binary) is stepped by its frame pointers. The walk ends, without guessing,
// at an address in no executable mapping, at an object that cannot be read, where the CFI says
// the return address is undefined (_start), or where the next frame lies beyond the copy.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "stacks/frame_rules.h"
#include "stacks/object_cache.h"
#include "stacks/proc_maps.h"
#include "stacks/snapshot.h"

namespace sysray::stacks {

struct UnwoundFrame {
  uint64_t pc = 0;
  // An exact pc (the first frame, or one a signal interrupted); otherwise a return address,
  // whose call is the instruction before it (symbols and CFI are looked up at pc - 1).
  bool exact = false;
  uint64_t lookup() const { return exact ? pc : pc - 1; }
};

class Unwinder {
 public:
  explicit Unwinder(ObjectCache& objects) : objects_(objects) {}

  static constexpr size_t kDefaultMaxDepth = 256;
  // The frames of `snap` in the process whose mappings are `maps` (its pid, when non-zero, lets
  // deleted files be read while it lives). `out` is cleared first.
  void unwind(const StackSnapshot& snap, const ProcMaps& maps, std::vector<UnwoundFrame>& out,
              size_t max_depth = kDefaultMaxDepth);
  std::vector<UnwoundFrame> unwind(const StackSnapshot& snap, const ProcMaps& maps,
                                   size_t max_depth = kDefaultMaxDepth) {
    std::vector<UnwoundFrame> out;
    unwind(snap, maps, out, max_depth);
    return out;
  }

  // The frame-rule cache: lookups answered from it, and those that asked libdw.
  uint64_t rule_hits() const { return hits_; }
  uint64_t rule_misses() const { return misses_; }

 private:
  // The CFI rules at `vaddr` of `obj`, or null where its CFI has none.
  const FrameRules* rules(ElfObject* obj, uint64_t vaddr);
  // One step up from `regs`; false at the end of the walk.
  bool step(const StackSnapshot& snap, const ProcMaps& maps, const UnwoundFrame& frame, Registers& regs,
            bool& signal_frame);

  struct Key {
    const ElfObject* object;
    uint64_t vaddr;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<uint64_t>()(k.vaddr * 0x9e3779b97f4a7c15ULL ^ reinterpret_cast<uintptr_t>(k.object));
    }
  };

  ObjectCache& objects_;
  std::unordered_map<Key, std::unique_ptr<FrameRules>, KeyHash> rules_;  // null: no CFI there
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace sysray::stacks
