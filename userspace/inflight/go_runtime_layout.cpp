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

#include "util/read_lines.h"
#include "util/unique_fd.h"

namespace sysray {

namespace {

// The ELF symbols `names` (name -> address, size).
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

}  // namespace

std::optional<GoRuntimeLayout> GoRuntimeLayout::load(const std::string& path, std::string* why) {
  auto fail = [&](const char* reason) -> std::optional<GoRuntimeLayout> {
    if (why) *why = reason;
    return std::nullopt;
  };
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return fail("cannot open the binary");
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd.get(), ELF_C_READ_MMAP, nullptr);
  if (!elf) return fail("not an ELF file");
  GoRuntimeLayout l;
  if (GElf_Ehdr eh; gelf_getehdr(elf, &eh)) l.position_independent = eh.e_type == ET_DYN;
  size_t phnum = 0;
  elf_getphdrnum(elf, &phnum);
  for (size_t i = 0; i < phnum; ++i)
    if (GElf_Phdr ph; gelf_getphdr(elf, static_cast<int>(i), &ph) && ph.p_type == PT_LOAD && ph.p_offset == 0)
      l.first_load_vaddr = ph.p_vaddr & ~uint64_t{0xfff};
  auto syms = elf_symbols(elf);
  Dwarf* dw = dwarf_begin_elf(elf, DWARF_C_READ, nullptr);
  std::map<std::string, std::map<std::string, uint64_t>> types;
  if (dw) {
    Dwarf_Off off = 0, next = 0;
    size_t header = 0;
    while (types.size() < 3 && dwarf_nextcu(dw, off, &next, &header, nullptr, nullptr, nullptr) == 0) {
      Dwarf_Die cu, die;
      if (dwarf_offdie(dw, off + header, &cu) && dwarf_child(&cu, &die) == 0) {
        do {
          const char* name = dwarf_diename(&die);
          if (dwarf_tag(&die) != DW_TAG_structure_type || !name) continue;
          std::string n = name;
          if ((n == "runtime.g" || n == "runtime.gobuf" || n == "runtime.m") && !types.count(n)) {
            types[n] = members(&die);
            if (n == "runtime.g") l.g_size = static_cast<uint64_t>(dwarf_bytesize(&die));
          }
        } while (dwarf_siblingof(&die, &die) == 0);
      }
      off = next;
    }
    dwarf_end(dw);
  }
  elf_end(elf);
  if (!syms.count("runtime.allgs")) return fail("no runtime.allgs symbol (not Go, or stripped)");
  if (types.size() < 3) return fail("no DWARF for runtime.g (built with -ldflags=-w, or stripped)");
  l.allgs = syms["runtime.allgs"].first;
  l.wait_reasons = syms["runtime.waitReasonStrings"].first;
  l.wait_reason_count = syms["runtime.waitReasonStrings"].second / 16;
  auto& g = types["runtime.g"];
  auto& gobuf = types["runtime.gobuf"];
  auto& m = types["runtime.m"];
  for (const char* f : {"goid", "atomicstatus", "waitreason", "waitsince", "sched", "syscallsp",
                        "syscallpc", "gopc", "m"})
    if (!g.count(f)) return fail("runtime.g lacks a field inflight reads");
  if (!gobuf.count("sp") || !gobuf.count("pc") || !m.count("procid"))
    return fail("runtime.gobuf or runtime.m lacks a field inflight reads");
  l.goid = g["goid"];
  l.atomicstatus = g["atomicstatus"];
  l.waitreason = g["waitreason"];
  l.waitsince = g["waitsince"];
  l.sched = g["sched"];
  l.syscallsp = g["syscallsp"];
  l.syscallpc = g["syscallpc"];
  l.gopc = g["gopc"];
  l.m = g["m"];
  l.lockedm = g.count("lockedm") ? g["lockedm"] : 0;
  l.gobuf_sp = gobuf["sp"];
  l.gobuf_pc = gobuf["pc"];
  l.m_procid = m["procid"];
  return l;
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
