#include "stacks/symbolizer.h"

#include <cxxabi.h>

#include <cstdlib>

#include "stacks/source_line.h"

namespace sysray::stacks {

std::string demangle(std::string_view name) {
  std::string mangled(name);
  if (!name.starts_with("_Z")) return mangled;
  int status = 0;
  char* out = abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status);
  std::string result = status == 0 && out ? out : mangled;
  std::free(out);
  return result;
}

Frame Symbolizer::symbolize(const UnwoundFrame& frame, const ProcMaps& maps) {
  Frame f;
  f.addr = frame.pc;
  const MapEntry* m = maps.find(frame.lookup());
  // strace prints no object for anonymous or non-executable memory (JIT code, a corrupt pc).
  if (!m || !m->executable || m->path.empty()) return f;
  f.object = m->path;  // with the kernel's " (deleted)", as strace shows it
  f.offset = m->relative(frame.pc);
  // strace names nothing in [vdso] (libunwind cannot open that path): " > [vdso]() [0xc01]".
  if (!m->is_file()) return f;
  ElfObject* obj = objects_.get(*m, maps.pid());
  if (!obj) return f;
  Key key{obj, (f.offset << 1) | (frame.exact ? 1 : 0)};
  auto it = names_.find(key);
  if (it != names_.end()) {
    ++hits_;
  } else {
    ++misses_;
    it = names_.emplace(key, lookup(*obj, *m, frame)).first;
  }
  const Name& n = it->second;
  f.symbol = n.symbol;
  f.symbol_offset = n.symbol_offset;
  f.file = n.file;
  f.line = n.line;
  return f;
}

std::vector<Frame> Symbolizer::symbolize(std::span<const UnwoundFrame> frames, const ProcMaps& maps) {
  std::vector<Frame> out;
  out.reserve(frames.size());
  for (const UnwoundFrame& f : frames) out.push_back(symbolize(f, maps));
  return out;
}

Symbolizer::Name Symbolizer::lookup(ElfObject& obj, const MapEntry& m, const UnwoundFrame& frame) {
  Name n;
  auto vaddr = obj.vaddr_of(m.relative(frame.lookup()));
  if (!vaddr) return n;
  uint64_t pc_vaddr = *vaddr + (frame.exact ? 0 : 1);  // offsets count from the pc itself
  PerObject& po = per_object_[&obj];
  if (!po.symbols) po.symbols = SymbolTable::read(obj.elf(), obj.file_size());
  if (auto hit = po.symbols->nearest(*vaddr)) {
    n.symbol = demangle(hit->name);
    n.symbol_offset = pc_vaddr - hit->addr;
  } else if (fallback_loader_) {
    if (!po.fallback_loaded) {
      po.fallback_loaded = true;
      po.fallback = fallback_loader_(obj);
    }
    if (po.fallback)
      if (auto s = po.fallback->lookup(*vaddr, source_lines_)) {
        n.symbol = s->name;
        n.symbol_offset = pc_vaddr - s->entry;
        n.file = s->file;
        n.line = s->line;
      }
  }
  if (source_lines_ && n.file.empty())
    if (auto line = source_line(obj.dwarf(), *vaddr)) {
      n.file = std::move(line->file);
      n.line = line->line;
    }
  return n;
}

}  // namespace sysray::stacks
