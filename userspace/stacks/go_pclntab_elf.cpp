// Finding a Go function table in an ELF file (GoPclntab::load). In order:
//   1. the .gopclntab section (non-PIE executables, stripped or not);
//   2. the runtime.pclntab..runtime.epclntab symbols (PIE: the linker puts the table inside
//      .data.rel.ro, as .data.rel.ro.gopclntab or merged into .data.rel.ro by an external linker);
//   3. the header's signature (magic, two zero bytes, pc quantum, pointer size) in the read-only
//      data segments, each candidate kept only if it parses and its functions lie in executable code
//      (stripped PIE: neither section nor symbols are left).
// The file is mapped once, read-only; the table's bytes are read in place.
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <functional>

#include "stacks/go_pclntab.h"
#include "util/elf_handle.h"
#include "util/mapped_memory.h"
#include "util/unique_fd.h"

namespace sysray::stacks {

namespace {

struct Segment {
  uint64_t vaddr, offset, filesz, memsz;
  uint32_t flags;
};

// What load() needs from the ELF headers, read once.
struct ElfFacts {
  unsigned machine = 0;
  unsigned ptrsize = 8;
  bool has_sections = false;
  bool go_marker = false;  // .go.buildinfo or .note.go.buildid: the Go linker's own sections
  std::optional<std::pair<uint64_t, uint64_t>> pclntab_section;  // file offset, size
  std::optional<uint64_t> text_section;                         // .text's address
  std::optional<std::pair<uint64_t, uint64_t>> go_module;        // .go.module: file offset, size
  std::optional<uint64_t> sym_pclntab, sym_epclntab, sym_text;
  std::vector<Segment> loads;
};

std::optional<GoPclntab> fail(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return std::nullopt;
}

// runtime.pclntab, runtime.epclntab and runtime.text from .symtab (not in .dynsym: Go never
// exports them), when the binary still has a symbol table.
void read_symbols(Elf* elf, Elf_Scn* scn, const GElf_Shdr& shdr, ElfFacts& facts) {
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (!data || shdr.sh_entsize == 0) return;
  size_t count = shdr.sh_size / shdr.sh_entsize;
  for (size_t i = 0; i < count; ++i) {
    GElf_Sym sym;
    if (!gelf_getsym(data, static_cast<int>(i), &sym)) break;
    const char* name = elf_strptr(elf, shdr.sh_link, sym.st_name);
    if (!name || std::strncmp(name, "runtime.", 8) != 0) continue;
    if (!std::strcmp(name, "runtime.pclntab"))
      facts.sym_pclntab = sym.st_value;
    else if (!std::strcmp(name, "runtime.epclntab"))
      facts.sym_epclntab = sym.st_value;
    else if (!std::strcmp(name, "runtime.text"))
      facts.sym_text = sym.st_value;
  }
}

std::optional<ElfFacts> read_facts(Elf* elf, std::string* why) {
  ElfFacts facts;
  GElf_Ehdr ehdr;
  if (!gelf_getehdr(elf, &ehdr)) return std::nullopt;
  facts.machine = ehdr.e_machine;
  facts.ptrsize = gelf_getclass(elf) == ELFCLASS32 ? 4 : 8;
  if (ehdr.e_ident[EI_DATA] != ELFDATA2LSB) {
    if (why) *why = "big-endian ELF: not supported";
    return std::nullopt;
  }
  size_t nphdr = 0;
  if (elf_getphdrnum(elf, &nphdr) == 0) {
    for (size_t i = 0; i < nphdr; ++i) {
      GElf_Phdr ph;
      if (gelf_getphdr(elf, static_cast<int>(i), &ph) && ph.p_type == PT_LOAD)
        facts.loads.push_back({ph.p_vaddr, ph.p_offset, ph.p_filesz, ph.p_memsz, ph.p_flags});
    }
  }
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return facts;  // no section headers: only signatures
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(scn, &shdr)) continue;
    facts.has_sections = true;
    const char* name = elf_strptr(elf, shstrndx, shdr.sh_name);
    if (shdr.sh_type == SHT_SYMTAB) read_symbols(elf, scn, shdr, facts);
    if (!name) continue;
    std::string_view n(name);
    bool in_file = shdr.sh_type != SHT_NOBITS;
    if (n == ".gopclntab" && in_file)
      facts.pclntab_section = std::pair{shdr.sh_offset, shdr.sh_size};
    else if (n == ".go.buildinfo" || n == ".note.go.buildid")
      facts.go_marker = true;
    else if (n == ".text")
      facts.text_section = shdr.sh_addr;
    else if (n == ".go.module" && in_file)
      facts.go_module = std::pair{shdr.sh_offset, shdr.sh_size};
  }
  return facts;
}

// Where the text starts, for a Go 1.18+ header whose textStart was left 0 (unrelocated in a PIE,
// always 0 from Go 1.26): runtime.text; else moduledata.text (Go 1.26 puts moduledata in its own
// .go.module section; text is its 23rd word, after pcHeader, five slices, ftab and 3 uintptrs);
// else the .text section (right for Go's internal linker, a little early for external linking).
uint64_t text_start_fallback(const ElfFacts& facts, const MappedMemory& file) {
  if (facts.sym_text) return *facts.sym_text;
  constexpr uint64_t kModuledataText = 22 * 8;
  if (facts.go_module && facts.ptrsize == 8 && facts.go_module->second >= kModuledataText + 8 &&
      facts.go_module->first + kModuledataText + 8 <= file.size()) {
    uint64_t text;
    std::memcpy(&text, file.data() + facts.go_module->first + kModuledataText, 8);
    if (text) return text;
  }
  return facts.text_section.value_or(0);
}

// The file bytes behind [vaddr, vaddr + len) when one loaded segment holds them in the file.
std::optional<std::span<const uint8_t>> bytes_at(const ElfFacts& facts, const MappedMemory& file,
                                                 uint64_t vaddr, uint64_t len) {
  for (const auto& s : facts.loads) {
    if (vaddr < s.vaddr || vaddr - s.vaddr > s.filesz || len > s.filesz - (vaddr - s.vaddr)) continue;
    uint64_t off = s.offset + (vaddr - s.vaddr);
    if (off > file.size() || len > file.size() - off) return std::nullopt;
    return std::span<const uint8_t>(file.data() + off, len);
  }
  return std::nullopt;
}

// A table whose functions are not all in one executable segment was not Go's table for this file.
bool functions_in_code(const ElfFacts& facts, const GoPclntab& t) {
  for (const auto& s : facts.loads)
    if ((s.flags & PF_X) && t.text_begin() >= s.vaddr && t.text_end() <= s.vaddr + s.memsz) return true;
  return false;
}

// The pc quantum of the Go port for this machine: the header signature's third byte.
unsigned pc_quantum(unsigned machine) {
  switch (machine) {
    case EM_X86_64:
    case EM_386: return 1;
    case EM_S390: return 2;
    default: return 4;  // arm64, arm, ppc64, riscv64, mips, loong64
  }
}

// `try_parse` reads a candidate (GoPclntab::parse is private to the class).
using TryParse = std::function<std::optional<GoPclntab>(std::span<const uint8_t>, std::string*)>;

std::optional<GoPclntab> search_signature(const MappedMemory& file, const ElfFacts& facts,
                                          const TryParse& try_parse, std::string* why) {
  // The header after its magic's first byte: 0xff 0xff 0xff (shared by all magics), two zero pad
  // bytes, the quantum, the pointer size.
  const uint8_t sig[7] = {0xff, 0xff, 0xff, 0, 0, static_cast<uint8_t>(pc_quantum(facts.machine)),
                          static_cast<uint8_t>(facts.ptrsize)};
  std::string last_reason;
  for (const auto& s : facts.loads) {
    if ((s.flags & PF_X) || !(s.flags & PF_R)) continue;  // .rodata, .data.rel.ro (RELRO)
    auto seg = bytes_at(facts, file, s.vaddr, s.filesz);
    if (!seg || seg->size() < 8) continue;
    const uint8_t* begin = seg->data();
    const uint8_t* end = begin + seg->size();
    for (const uint8_t* p = begin + 1; p + sizeof sig <= end; ++p) {
      p = static_cast<const uint8_t*>(memmem(p, end - p, sig, sizeof sig));
      if (!p) break;
      const uint8_t* header = p - 1;
      // The header holds uintptrs: Go aligns it at least to the pointer size.
      if ((s.vaddr + (header - begin)) % facts.ptrsize != 0) continue;
      std::string reason;
      auto t = try_parse(std::span(header, end - header), &reason);
      if (t && functions_in_code(facts, *t)) return t;
      last_reason = t ? "its functions are outside the executable segments" : reason;
    }
  }
  std::string msg = "no Go function table: no .gopclntab section, no runtime.pclntab symbol, "
                    "and no header signature in the read-only segments";
  if (!last_reason.empty()) msg += " that parses (last candidate: " + last_reason + ")";
  return fail(why, msg);
}

}  // namespace

std::optional<GoPclntab> GoPclntab::load(const std::string& path, std::string* why) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return fail(why, fmt::format("{}: {}", path, std::strerror(errno)));
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return fail(why, fmt::format("{}: {}", path, std::strerror(errno)));
  if (!S_ISREG(st.st_mode) || st.st_size < 64) return fail(why, fmt::format("{}: not an ELF file", path));
  // Unmapped when the last table that reads it goes away.
  auto file = std::make_shared<const MappedMemory>(fd.get(), static_cast<size_t>(st.st_size), 0, MAP_PRIVATE);
  if (!file->valid()) return fail(why, fmt::format("{}: mmap: {}", path, std::strerror(errno)));

  elf_version(EV_CURRENT);
  ElfHandle elf(elf_begin(fd.get(), ELF_C_READ_MMAP, nullptr));
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF) return fail(why, fmt::format("{}: not an ELF file", path));
  std::string reason;
  auto facts = read_facts(elf.get(), &reason);
  if (!facts) return fail(why, fmt::format("{}: {}", path, reason.empty() ? elf_errmsg(-1) : reason));
  if (facts->has_sections && !facts->go_marker && !facts->pclntab_section)
    return fail(why, fmt::format("{}: not a Go binary (no .gopclntab, .go.buildinfo or .note.go.buildid section)", path));
  uint64_t text_start = text_start_fallback(*facts, *file);

  std::optional<GoPclntab> t;
  std::string where;
  if (facts->pclntab_section) {
    where = ".gopclntab section";
    auto [off, size] = *facts->pclntab_section;
    if (off > file->size() || size > file->size() - off)
      return fail(why, fmt::format("{}: .gopclntab lies beyond the end of the file", path));
    t = parse(file, std::span(file->data() + off, size), text_start, Source::Section, &reason);
  } else if (facts->sym_pclntab && facts->sym_epclntab && *facts->sym_epclntab > *facts->sym_pclntab) {
    where = "runtime.pclntab symbol";
    auto bytes = bytes_at(*facts, *file, *facts->sym_pclntab, *facts->sym_epclntab - *facts->sym_pclntab);
    if (!bytes) return fail(why, fmt::format("{}: runtime.pclntab is not in the file's loaded data", path));
    t = parse(file, *bytes, text_start, Source::Symbol, &reason);
  } else {
    auto try_parse = [&](std::span<const uint8_t> bytes, std::string* r) {
      return parse(file, bytes, text_start, Source::Signature, r);
    };
    t = search_signature(*file, *facts, try_parse, &reason);
    if (!t) return fail(why, fmt::format("{}: {}", path, reason));
    return t;
  }
  if (!t) return fail(why, fmt::format("{}: {}: {}", path, where, reason));
  if (!functions_in_code(*facts, *t))
    return fail(why, fmt::format("{}: {}: its functions are outside the executable segments", path, where));
  return t;
}

}  // namespace sysray::stacks
