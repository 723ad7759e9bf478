#include "inflight/go_runtime_layout.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string_view>

#include <fmt/format.h>
#include <map>
#include <memory>
#include <set>

#include "inflight/go_build_version.h"
#include "inflight/go_runtime_scan.h"
#include "util/elf_handle.h"
#include "util/read_lines.h"
#include "util/unique_fd.h"

namespace sysray {

namespace {

// The ELF symbols inflight reads (name -> address, size): runtime.allgs, runtime.waitReasonStrings.
std::map<std::string, std::pair<uint64_t, uint64_t>> elf_symbols(Elf* elf) {
  std::map<std::string, std::pair<uint64_t, uint64_t>> out;
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn))) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_SYMTAB || !shdr.sh_entsize) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (!data) continue;
    for (size_t i = 0; i < shdr.sh_size / shdr.sh_entsize; ++i) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym)) continue;
      const char* name = elf_strptr(elf, shdr.sh_link, sym.st_name);
      if (name && (!std::strcmp(name, "runtime.allgs") ||
                   !std::strcmp(name, "runtime.waitReasonStrings")))
        out[name] = {sym.st_value, sym.st_size};
    }
  }
  return out;
}

// Member offsets of the struct `die`, by name.
std::map<std::string, uint64_t> members(Dwarf_Die* die) {
  std::map<std::string, uint64_t> out;
  Dwarf_Die child;
  if (dwarf_child(die, &child) != 0) return out;
  do {
    if (dwarf_tag(&child) != DW_TAG_member) continue;
    Dwarf_Attribute attr;
    Dwarf_Word off = 0;
    const char* name = dwarf_diename(&child);
    if (name && dwarf_attr(&child, DW_AT_data_member_location, &attr) &&
        dwarf_formudata(&attr, &off) == 0)
      out[name] = off;
  } while (dwarf_siblingof(&child, &child) == 0);
  return out;
}

// The offsets inflight reads, from the binary's DWARF; nullopt without it (-w, strip). Those for
// inlined frames stay 0 when the DWARF lacks runtime.moduledata's gofunc (before Go 1.19).
std::optional<GoStructOffsets> offsets_from_dwarf(Elf* elf) {
  Dwarf* dw = dwarf_begin_elf(elf, DWARF_C_READ, nullptr);
  if (!dw) return std::nullopt;
  const std::set<std::string> wanted = {"runtime.g", "runtime.gobuf", "runtime.m",
                                        "runtime.moduledata", "runtime.inlinedCall"};
  std::map<std::string, std::map<std::string, uint64_t>> types;
  std::map<std::string, uint64_t> sizes;
  Dwarf_Off off = 0, next = 0;
  size_t header = 0;
  while (types.size() < wanted.size() &&
         dwarf_nextcu(dw, off, &next, &header, nullptr, nullptr, nullptr) == 0) {
    Dwarf_Die cu, die;
    if (dwarf_offdie(dw, off + header, &cu) && dwarf_child(&cu, &die) == 0) {
      do {
        const char* name = dwarf_diename(&die);
        if (dwarf_tag(&die) != DW_TAG_structure_type || !name || !wanted.count(name) ||
            types.count(name))
          continue;
        types[name] = members(&die);
        sizes[name] = static_cast<uint64_t>(dwarf_bytesize(&die));
      } while (dwarf_siblingof(&die, &die) == 0);
    }
    off = next;
  }
  dwarf_end(dw);
  auto& g = types["runtime.g"];
  auto& gobuf = types["runtime.gobuf"];
  auto& m = types["runtime.m"];
  for (const char* f : {"goid", "atomicstatus", "waitreason", "waitsince", "sched", "syscallsp",
                        "syscallpc", "gopc", "m"})
    if (!g.count(f)) return std::nullopt;
  if (!gobuf.count("sp") || !gobuf.count("pc") || !m.count("procid")) return std::nullopt;
  GoStructOffsets o;
  o.g_size = sizes["runtime.g"];
  o.goid = g["goid"];
  o.atomicstatus = g["atomicstatus"];
  o.waitreason = g["waitreason"];
  o.waitsince = g["waitsince"];
  o.sched = g["sched"];
  o.syscallsp = g["syscallsp"];
  o.syscallpc = g["syscallpc"];
  o.gopc = g["gopc"];
  o.m = g["m"];
  o.lockedm = g.count("lockedm") ? g["lockedm"] : 0;
  o.gobuf_sp = gobuf["sp"];
  o.gobuf_pc = gobuf["pc"];
  o.m_procid = m["procid"];
  auto& md = types["runtime.moduledata"];
  auto& inl = types["runtime.inlinedCall"];
  const char* inl_name = inl.count("func_") ? "func_" : "nameOff";  // renamed in Go 1.20
  bool inline_known = md.count("ftab") && md.count("minpc") && md.count("maxpc") &&
                      md.count("gofunc") && inl.count(inl_name) && inl.count("parentPc");
  if (inline_known) {
    o.md_ftab = md["ftab"];
    o.md_minpc = md["minpc"];
    o.md_maxpc = md["maxpc"];
    o.md_gofunc = md["gofunc"];
    o.inl_size = sizes["runtime.inlinedCall"];
    o.inl_name = inl[inl_name];
    o.inl_parent_pc = inl["parentPc"];
  }
  return o;
}

GoRuntimeLayout::Section section_named(Elf* elf, const char* wanted) {
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return {};
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn))) {
    GElf_Shdr shdr;
    const char* name = gelf_getshdr(scn, &shdr) ? elf_strptr(elf, shstrndx, shdr.sh_name) : nullptr;
    if (name && !std::strcmp(name, wanted)) return {shdr.sh_addr, shdr.sh_size};
  }
  return {};
}

}  // namespace

std::optional<GoRuntimeLayout> GoRuntimeLayout::load(const std::string& path, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<GoRuntimeLayout> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return fail("cannot open the binary");
  elf_version(EV_CURRENT);
  ElfHandle owned(elf_begin(fd.get(), ELF_C_READ_MMAP, nullptr));
  Elf* elf = owned.get();
  if (!elf) return fail("not an ELF file");
  GoRuntimeLayout l;
  if (GElf_Ehdr eh; gelf_getehdr(elf, &eh)) l.position_independent = eh.e_type == ET_DYN;
  size_t phnum = 0;
  elf_getphdrnum(elf, &phnum);
  for (size_t i = 0; i < phnum; ++i)
    if (GElf_Phdr ph; gelf_getphdr(elf, static_cast<int>(i), &ph) && ph.p_type == PT_LOAD && ph.p_offset == 0)
      l.first_load_vaddr = ph.p_vaddr & ~uint64_t{0xfff};
  l.go_version = go_build_version(elf).value_or("");
  l.bss = section_named(elf, ".bss");
  l.data = section_named(elf, ".data");
  l.noptrdata = section_named(elf, ".noptrdata");
  auto syms = elf_symbols(elf);
  if (auto from_dwarf = offsets_from_dwarf(elf)) {
    static_cast<GoStructOffsets&>(l) = *from_dwarf;
  } else if (auto known = known_go_offsets(l.go_version)) {
    static_cast<GoStructOffsets&>(l) = *known;
  } else if (l.go_version.empty()) {
    return fail("no DWARF for runtime.g (built with -ldflags=-w, or stripped), and no Go version "
                "in the binary (.go.buildinfo) to take a known layout by");
  } else {
    return fail(fmt::format("no DWARF for runtime.g (built with -ldflags=-w, or stripped), and "
                            "sysray knows runtime.g's layout for {} only, not {}",
                            known_go_releases(), l.go_version));
  }
  if (auto it = syms.find("runtime.allgs"); it != syms.end()) l.allgs = it->second.first;
  else if (!l.bss.size) return fail("no runtime.allgs symbol and no .bss section to find it in");
  if (auto it = syms.find("runtime.waitReasonStrings"); it != syms.end()) {
    l.wait_reasons = it->second.first;
    l.wait_reason_count = it->second.second / 16;
  }
  return l;
}

bool GoRuntimeLayout::find_runtime_variables(const ProcessMemory& mem,
                                             const stacks::GoPclntab& table, std::string* why) {
  if (!allgs) {
    auto found = find_allgs(mem, bss.addr + load_bias, bss.size, *this);
    if (!found) {
      if (why) *why = "no symbols, and runtime.allgs was not found in its .bss";
      return false;
    }
    allgs = *found - load_bias;
  }
  if (!gofunc && inl_size && noptrdata.size) {
    if (auto found = find_gofunc(mem, noptrdata.addr + load_bias, noptrdata.size, *this, table,
                                 load_bias))
      gofunc = *found - load_bias;
  }
  if (!wait_reasons && data.size) {
    if (auto found = find_wait_reason_strings(mem, data.addr + load_bias, data.size)) {
      wait_reasons = found->addr - load_bias;
      wait_reason_count = found->count;
    }
  }
  return true;
}

bool GoRuntimeLayout::relocate_for(int pid) {
  if (!position_independent) return true;
  char exe[4096];
  ssize_t n = readlink(fmt::format("/proc/{}/exe", pid).c_str(), exe, sizeof(exe) - 1);
  if (n <= 0) return false;
  std::string path(exe, static_cast<size_t>(n));
  // "START-END PERMS OFFSET DEV INODE PATH": the executable's mapping of file offset 0.
  bool found = false;
  for_each_line(fmt::format("/proc/{}/maps", pid).c_str(), [&](std::string_view line) {
    uint64_t start = 0, offset = 0;
    char perms[8];
    int path_at = 0;
    std::string text(line);
    if (found || std::sscanf(text.c_str(), "%" SCNx64 "-%*x %7s %" SCNx64 " %*s %*u %n", &start,
                             perms, &offset, &path_at) != 3 || !path_at)
      return;
    if (offset == 0 && text.compare(static_cast<size_t>(path_at), std::string::npos, path) == 0) {
      load_bias = start - first_load_vaddr;
      found = true;
    }
  });
  return found;
}

}  // namespace sysray
