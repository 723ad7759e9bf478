// trace -k: names for unwound pcs, as strace -k shows them: the mapped object's path, the
// address relative to it (pc - mapping start + mapping offset), the function symbol and the
// offset into it (demangled), and with source lines the DWARF FILE:LINE. Cached per (object,
// file offset), so each address is named once however many stacks and processes hold it.
//
// Objects whose symbols do not name an address can be given another source of names (Go's
// .gopclntab): set_fallback().
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "stacks/object_cache.h"
#include "stacks/proc_maps.h"
#include "stacks/symbol_table.h"
#include "stacks/unwinder.h"

namespace sysray::stacks {

struct Frame {
  uint64_t addr = 0;          // the pc (a return address but for the first frame)
  std::string object;         // the mapping's path; "" when the pc is in no executable mapping
  uint64_t offset = 0;        // strace's [0x...]: the pc relative to the object
  std::string symbol;         // demangled; "" when unknown
  uint64_t symbol_offset = 0; // pc - the symbol's start
  std::string file;           // source lines only, when known
  int line = 0;
};

// A source of names for what an object's ELF symbols do not name. `vaddr` is a link-time
// address (as in the file's own numbering).
struct FallbackSymbol {
  std::string name;  // shown as it is (not demangled)
  uint64_t entry = 0;
  std::string file;  // "" when unknown
  int line = 0;
};
class FallbackSymbols {
 public:
  virtual ~FallbackSymbols() = default;
  virtual std::optional<FallbackSymbol> lookup(uint64_t vaddr, bool source_lines) const = 0;
};
// Called once per object whose symbols missed an address; null: the object has no such source.
using FallbackLoader = std::function<std::unique_ptr<FallbackSymbols>(ElfObject& object)>;

class Symbolizer {
 public:
  explicit Symbolizer(ObjectCache& objects, bool source_lines = false)
      : objects_(objects), source_lines_(source_lines) {}

  void set_fallback(FallbackLoader loader) { fallback_loader_ = std::move(loader); }

  // `frame` of the process whose mappings are `maps`.
  Frame symbolize(const UnwoundFrame& frame, const ProcMaps& maps);
  std::vector<Frame> symbolize(std::span<const UnwoundFrame> frames, const ProcMaps& maps);

  // The (object, offset) cache: names answered from it, and those looked up.
  uint64_t cache_hits() const { return hits_; }
  uint64_t cache_misses() const { return misses_; }

 private:
  struct Name {
    std::string symbol;
    uint64_t symbol_offset = 0;
    std::string file;
    int line = 0;
  };
  struct PerObject {
    std::optional<SymbolTable> symbols;
    bool fallback_loaded = false;
    std::unique_ptr<FallbackSymbols> fallback;
  };
  Name lookup(ElfObject& obj, const MapEntry& m, const UnwoundFrame& frame);

  struct Key {
    const ElfObject* object;
    uint64_t offset;  // of the pc in the file, times two, plus one for an exact pc
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<uint64_t>()(k.offset * 0x9e3779b97f4a7c15ULL ^ reinterpret_cast<uintptr_t>(k.object));
    }
  };

  ObjectCache& objects_;
  bool source_lines_;
  FallbackLoader fallback_loader_;
  std::unordered_map<const ElfObject*, PerObject> per_object_;
  std::unordered_map<Key, Name, KeyHash> names_;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

// A C++ (Itanium ABI) name demangled; any other name as it is.
std::string demangle(std::string_view name);

}  // namespace sysray::stacks
