// Go symbols from .gopclntab (stacks/go_pclntab.h): the Go 1.19 program tests/workloads/go/gosyms
// as CMake builds it (plain, -s -w, PIE, PIE -s -w, external-linker PIE and that one stripped)
// must give the names and addresses of the unstripped build's ELF symbols; crafted tables cover
// the Go 1.2, 1.16 and 1.20 layouts; corrupt and truncated tables are refused, never read out of
// bounds (the ASan step runs these too).
//
// The binaries: $SYSRAY_GO_WORKLOADS, else workloads/ next to this test binary (where a full
// CMake build puts them; a SYSRAY_UNIT_ONLY build does not build them: set the variable).
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>

#include "fixtures/go_pclntab_builder.h"
#include "fixtures/go_workloads.h"
#include "stacks/go_pclntab.h"
#include "util/unique_fd.h"

using sysray::stacks::GoPclntab;
using sysray::test::CraftedFunc;
using sysray::test::CraftedTable;
using sysray::test::go_workload;
namespace fs = std::filesystem;

namespace {

struct ElfCloser {
  void operator()(Elf* e) const { elf_end(e); }
};

// The ELF file's FUNC symbols (name -> {address, size}) and, if asked, one section's bytes.
struct ElfFile {
  std::map<std::string, std::pair<uint64_t, uint64_t>> funcs;
  std::vector<uint8_t> section;

  explicit ElfFile(const fs::path& path, const std::string& section_name = "") {
    elf_version(EV_CURRENT);
    sysray::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    REQUIRE(fd);
    std::unique_ptr<Elf, ElfCloser> elf(elf_begin(fd.get(), ELF_C_READ, nullptr));
    REQUIRE(elf);
    size_t shstrndx = 0;
    REQUIRE(elf_getshdrstrndx(elf.get(), &shstrndx) == 0);
    for (Elf_Scn* scn = elf_nextscn(elf.get(), nullptr); scn; scn = elf_nextscn(elf.get(), scn)) {
      GElf_Shdr sh;
      REQUIRE(gelf_getshdr(scn, &sh));
      Elf_Data* data = elf_getdata(scn, nullptr);
      const char* name = elf_strptr(elf.get(), shstrndx, sh.sh_name);
      if (name && section_name == name && data)
        section.assign(static_cast<uint8_t*>(data->d_buf), static_cast<uint8_t*>(data->d_buf) + data->d_size);
      if (sh.sh_type != SHT_SYMTAB || !data) continue;
      for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; ++i) {
        GElf_Sym sym;
        gelf_getsym(data, static_cast<int>(i), &sym);
        if (GELF_ST_TYPE(sym.st_info) == STT_FUNC)
          funcs[elf_strptr(elf.get(), sh.sh_link, sym.st_name)] = {sym.st_value, sym.st_size};
      }
    }
  }
};

// A name as the Go runtime prints it, from either table. The ELF symbols add an ABI suffix to
// assembly functions and write "·" (UTF-8 c2 b7) as "."; the function table shortens everything inside the
// outermost brackets to "[...]" (array types in generated functions, generic instantiations).
std::string go_name(std::string name) {
  if (name.ends_with(".abi0")) name.resize(name.size() - 5);
  for (size_t at; (at = name.find("\xc2\xb7")) != std::string::npos;) name.replace(at, 2, ".");
  size_t open = name.find('['), close = name.rfind(']');
  if (open != std::string::npos && close != std::string::npos && close > open)
    name.replace(open, close - open + 1, "[...]");
  return name;
}

struct Build {
  const char* binary;
  const char* truth;  // the same link with its symbols
  GoPclntab::Source source;
};
const Build kBuilds[] = {
    {"gosyms", "gosyms", GoPclntab::Source::Section},
    {"gosyms-stripped", "gosyms", GoPclntab::Source::Section},  // -ldflags='-s -w'
    {"gosyms-pie", "gosyms-pie", GoPclntab::Source::Symbol},
    {"gosyms-pie-stripped", "gosyms-pie", GoPclntab::Source::Signature},
    {"gosyms-pie-ext", "gosyms-pie-ext", GoPclntab::Source::Symbol},
    {"gosyms-pie-ext-stripped", "gosyms-pie-ext", GoPclntab::Source::Signature},  // strip(1)
};

// Functions stacks will show: the program's own, a method, a closure, the net package's, and the
// runtime's bottom frame (an assembly function).
const char* const kKnown[] = {"main.main", "main.(*Sender).Send", "main.(*Sender).Send.func1",
                              "net.(*sysDialer).dialUDP", "runtime.goexit.abi0"};

// Addresses a lookup must survive on any table: the text range, its edges, outside it.
void lookup_everywhere(const GoPclntab& t) {
  uint64_t span = t.text_end() - t.text_begin();
  size_t outside = 0;  // functions found that do not contain the address asked for
  for (uint64_t k = 0; k < 4000; ++k) {
    uint64_t a = t.text_begin() - 2 + (span + 4) * k / 4000;
    auto f = t.lookup(a);
    if (f && !(f->entry <= a && a < f->end)) ++outside;
    (void)t.source_line(a);
  }
  CHECK(outside == 0);
  for (size_t i = 0; i < t.function_count(); ++i) (void)t.function(i);
}

std::vector<uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A scratch copy of some bytes as a file, removed at the end of the scope.
struct TempFile {
  fs::path path;
  explicit TempFile(const std::vector<uint8_t>& bytes) {
    char name[] = "/tmp/sysray-go-pclntab-XXXXXX";
    sysray::UniqueFd fd(::mkstemp(name));
    REQUIRE(fd);
    path = name;
    REQUIRE(::write(fd.get(), bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  ~TempFile() { fs::remove(path); }
};

size_t find_bytes(const std::vector<uint8_t>& hay, const std::vector<uint8_t>& needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end());
  REQUIRE(it != hay.end());
  return static_cast<size_t>(it - hay.begin());
}

}  // namespace

TEST_CASE("Go 1.19 binaries: every build names functions as the unstripped symbols do", "[go_pclntab]") {
  std::map<std::string, size_t> counts;  // function count per truth: the same link, the same table
  for (const auto& b : kBuilds) {
    INFO(b.binary);
    std::string why;
    auto t = GoPclntab::load(go_workload(b.binary), &why);
    INFO(why);
    REQUIRE(t);
    CHECK(t->magic() == GoPclntab::kMagicGo118);
    CHECK(t->source() == b.source);
    auto [it, fresh] = counts.emplace(b.truth, t->function_count());
    CHECK(it->second == t->function_count());

    ElfFile truth(go_workload(b.truth));
    for (const char* sym : kKnown) {
      INFO(sym);
      REQUIRE(truth.funcs.count(sym));
      auto [addr, size] = truth.funcs.at(sym);
      auto f = t->lookup(addr);
      REQUIRE(f);
      CHECK(f->name == go_name(sym));
      CHECK(f->entry == addr);
      CHECK(f->end >= addr + size);  // the table's end includes the alignment padding
      auto last = t->lookup(addr + size - 1);
      REQUIRE(last);
      CHECK(last->name == go_name(sym));
      auto before = t->lookup(addr - 1);
      REQUIRE(before);
      CHECK(before->name != go_name(sym));
    }
    // Not only the chosen few: every Go function symbol in the text.
    size_t checked = 0;
    std::vector<std::string> wrong;
    for (const auto& [sym, where] : truth.funcs) {
      if (where.second == 0 || where.first < t->text_begin() || where.first >= t->text_end()) continue;
      auto f = t->lookup(where.first);
      ++checked;
      if (!f || go_name(f->name) != go_name(sym) || f->entry != where.first) wrong.push_back(sym);
    }
    CAPTURE(checked, wrong);
    CHECK(checked > 1500);
    CHECK(wrong.empty());
    CHECK_FALSE(t->lookup(t->text_begin() - 1));
    CHECK_FALSE(t->lookup(t->text_end()));
  }
}

TEST_CASE("Go 1.19 binaries: source file and line of a pc", "[go_pclntab]") {
  auto t = GoPclntab::load(go_workload("gosyms-pie-stripped"));
  REQUIRE(t);
  ElfFile truth(go_workload("gosyms-pie"));
  auto [main_addr, main_size] = truth.funcs.at("main.main");
  auto at_entry = t->source_line(main_addr);
  REQUIRE(at_entry);
  CHECK(at_entry->file.ends_with("tests/workloads/go/gosyms/main.go"));
  // The entry's line is the declaration's: read it from the source the binary was built from.
  std::ifstream src(at_entry->file);
  REQUIRE(src);
  std::string text;
  for (int i = 0; i < at_entry->line; ++i) std::getline(src, text);
  CHECK(text.starts_with("func main()"));
  auto inside = t->source_line(main_addr + main_size / 2);
  REQUIRE(inside);
  CHECK(inside->file == at_entry->file);
  CHECK(inside->line > at_entry->line);

  auto dial = t->source_line(truth.funcs.at("net.(*sysDialer).dialUDP").first);
  REQUIRE(dial);
  CHECK(dial->file.ends_with("/net/udpsock_posix.go"));
  CHECK(dial->line > 0);
}

TEST_CASE("Go 1.19 binaries: frame sizes from pcsp, 0 in a frameless assembly leaf", "[go_pclntab]") {
  auto t = GoPclntab::load(go_workload("gosyms-stripped"));
  REQUIRE(t);
  ElfFile truth(go_workload("gosyms"));
  // TEXT ·Syscall6(SB),NOSPLIT,$0 in runtime/internal/syscall: no frame anywhere in it.
  auto [leaf, leaf_size] = truth.funcs.at("runtime/internal/syscall.Syscall6");
  CHECK(t->frame_size(leaf) == 0);
  CHECK(t->frame_size(leaf + leaf_size - 1) == 0);
  // main.main pushes a frame after its prologue: 0 at the entry, more inside.
  auto [main_addr, main_size] = truth.funcs.at("main.main");
  CHECK(t->frame_size(main_addr) == 0);
  auto inside = t->frame_size(main_addr + main_size / 2);
  REQUIRE(inside);
  CHECK(*inside > 0);
  CHECK_FALSE(t->frame_size(0x10));
}

TEST_CASE("Go tables: what is not a Go binary, or not a file, is refused with a reason", "[go_pclntab]") {
  std::string why;
  CHECK_FALSE(GoPclntab::load("/bin/true", &why));
  CHECK_THAT(why, Catch::Contains("not a Go binary"));
  CHECK_FALSE(GoPclntab::load("/nonexistent/sysray-go", &why));
  CHECK_THAT(why, Catch::Contains("No such file"));
  TempFile text(std::vector<uint8_t>(200, 'x'));
  CHECK_FALSE(GoPclntab::load(text.path, &why));
  CHECK_THAT(why, Catch::Contains("not an ELF file"));
  CHECK_FALSE(GoPclntab::load("/bin/true"));  // no reason asked for
}

TEST_CASE("Go tables: corrupt files are refused, never read past their end", "[go_pclntab]") {
  std::string why;
  const auto stripped = read_file(go_workload("gosyms-stripped"));
  ElfFile with_section(go_workload("gosyms-stripped"), ".gopclntab");
  REQUIRE(with_section.section.size() > 4096);
  size_t table = find_bytes(stripped, std::vector<uint8_t>(with_section.section.begin(),
                                                            with_section.section.begin() + 64));
  SECTION("a file cut inside .gopclntab") {
    TempFile cut(std::vector<uint8_t>(stripped.begin(), stripped.begin() + table + 1000));
    CHECK_FALSE(GoPclntab::load(cut.path, &why));
    CHECK_FALSE(why.empty());
  }
  SECTION("a bad magic in .gopclntab") {
    auto bytes = stripped;
    bytes[table] = 0x42;
    TempFile bad(bytes);
    CHECK_FALSE(GoPclntab::load(bad.path, &why));
    CHECK_THAT(why, Catch::Contains("unknown magic"));
  }
  SECTION("a stripped PIE whose table's magic is gone: no signature left to find") {
    auto pie = read_file(go_workload("gosyms-pie-stripped"));
    ElfFile pie_section(go_workload("gosyms-pie-stripped"), ".data.rel.ro.gopclntab");
    REQUIRE(pie_section.section.size() > 64);
    size_t at = find_bytes(pie, std::vector<uint8_t>(pie_section.section.begin(), pie_section.section.begin() + 64));
    pie[at + 1] = 0;
    TempFile bad(pie);
    CHECK_FALSE(GoPclntab::load(bad.path, &why));
    CHECK_THAT(why, Catch::Contains("no Go function table"));
  }
  SECTION("truncated tables, read from memory") {
    const auto& full = with_section.section;
    for (size_t len : {size_t(0), size_t(1), size_t(7), size_t(8), size_t(16), size_t(71), size_t(72),
                       size_t(100), full.size() / 2, full.size() - 100, full.size() - 1}) {
      INFO(len);
      auto t = GoPclntab::from_bytes(std::vector<uint8_t>(full.begin(), full.begin() + len), 0, &why);
      if (t) lookup_everywhere(*t);  // cut inside the last records' unread tail: still sound
      else CHECK_FALSE(why.empty());
    }
  }
  SECTION("random bytes changed anywhere in a real table") {
    std::mt19937 rng(13);
    const auto& full = with_section.section;
    size_t parsed = 0;
    for (int round = 0; round < 60; ++round) {
      auto bytes = full;
      // Half the rounds hit the header and functab, where damage is noticed or matters most.
      size_t range = round % 2 ? bytes.size() : 4096;
      for (int k = 0; k < 8; ++k) bytes[rng() % range] = static_cast<uint8_t>(rng());
      auto t = GoPclntab::from_bytes(std::move(bytes));
      if (!t) continue;
      ++parsed;
      lookup_everywhere(*t);
    }
    CHECK(parsed > 0);  // some damage only touches names or line tables: those must read safely too
  }
}

namespace {

const std::vector<CraftedFunc> kCrafted = {
    {"main.main", 0x401000, 0x40, 10},
    {"main.(*T).M", 0x401040, 0x60, 20},
    {"runtime.goexit", 0x4010a0, 0x20, 30},
};

void check_crafted(const GoPclntab& t, uint32_t magic) {
  CHECK(t.magic() == magic);
  CHECK(t.function_count() == kCrafted.size());
  CHECK(t.text_begin() == 0x401000);
  CHECK(t.text_end() == 0x4010c0);
  for (const auto& c : kCrafted) {
    INFO(c.name);
    for (uint64_t a : {c.entry, c.entry + c.size / 2, c.entry + c.size - 1}) {
      auto f = t.lookup(a);
      REQUIRE(f);
      CHECK(f->name == c.name);
      CHECK(f->entry == c.entry);
      CHECK(f->end == c.entry + c.size);
    }
    auto first = t.source_line(c.entry);
    REQUIRE(first);
    CHECK(first->file == CraftedTable::kFile);
    CHECK(first->line == c.line);
    auto second = t.source_line(c.entry + c.size - 1);
    REQUIRE(second);
    CHECK(second->line == c.line + 1);
  }
  CHECK_FALSE(t.lookup(0x400fff));
  CHECK_FALSE(t.lookup(0x4010c0));
  CHECK_FALSE(t.source_line(0x4010c0));
  REQUIRE(t.function(1));
  CHECK(t.function(1)->name == "main.(*T).M");
  CHECK_FALSE(t.function(3));
}

}  // namespace

TEST_CASE("Go tables: crafted Go 1.2, 1.16, 1.18 and 1.20 layouts", "[go_pclntab]") {
  for (uint32_t magic : {GoPclntab::kMagicGo12, GoPclntab::kMagicGo116, GoPclntab::kMagicGo118,
                         GoPclntab::kMagicGo120}) {
    INFO(std::hex << magic);
    std::string why;
    auto t = GoPclntab::from_bytes(CraftedTable(magic, 0x401000, kCrafted).bytes(), 0, &why);
    INFO(why);
    REQUIRE(t);
    check_crafted(*t, magic);
  }
}

TEST_CASE("Go tables: a Go 1.18+ header without textStart needs the text start from elsewhere", "[go_pclntab]") {
  for (uint32_t magic : {GoPclntab::kMagicGo118, GoPclntab::kMagicGo120}) {
    auto bytes = CraftedTable(magic, 0x401000, kCrafted, /*header_text_start=*/false).bytes();
    std::string why;
    CHECK_FALSE(GoPclntab::from_bytes(bytes, 0, &why));
    CHECK_THAT(why, Catch::Contains("textStart is 0"));
    auto t = GoPclntab::from_bytes(bytes, 0x401000, &why);
    REQUIRE(t);
    check_crafted(*t, magic);
  }
}

TEST_CASE("Go tables: crafted damage is refused with a reason", "[go_pclntab]") {
  std::string why;
  auto good = CraftedTable(GoPclntab::kMagicGo120, 0x401000, kCrafted).bytes();
  SECTION("big-endian magic") {
    auto b = good;
    std::swap(b[0], b[3]);
    std::swap(b[1], b[2]);
    CHECK_FALSE(GoPclntab::from_bytes(b, 0, &why));
    CHECK_THAT(why, Catch::Contains("big-endian"));
  }
  SECTION("non-zero pad, odd quantum, odd pointer size") {
    using Damage = std::tuple<size_t, uint8_t, const char*>;  // byte, new value, expected reason
    for (auto [at, value, reason] : {Damage{4, 1, "pad"}, Damage{6, 3, "quantum"}, Damage{7, 2, "pointer size"}}) {
      auto b = good;
      b[at] = value;
      CHECK_FALSE(GoPclntab::from_bytes(b, 0, &why));
      CHECK_THAT(why, Catch::Contains(reason));
    }
  }
  SECTION("a function count beyond the table") {
    auto b = good;
    b[8 + 5] = 1;  // nfunc += 1 << 40
    CHECK_FALSE(GoPclntab::from_bytes(b, 0, &why));
    CHECK_THAT(why, Catch::Contains("does not fit"));
  }
  SECTION("no functions") {
    auto b = good;
    std::fill(b.begin() + 8, b.begin() + 16, 0);
    CHECK_FALSE(GoPclntab::from_bytes(b, 0, &why));
    CHECK_THAT(why, Catch::Contains("no functions"));
  }
  SECTION("functions out of order") {
    auto shuffled = kCrafted;
    std::swap(shuffled[0], shuffled[1]);
    CHECK_FALSE(GoPclntab::from_bytes(CraftedTable(GoPclntab::kMagicGo120, 0x401000, shuffled).bytes(), 0, &why));
    CHECK_THAT(why, Catch::Contains("backwards"));
  }
  SECTION("a header offset beyond the table") {
    auto b = good;
    b[8 + 8 * 7 + 3] = 0x10;  // the functab offset (8th word) += 1 << 28
    CHECK_FALSE(GoPclntab::from_bytes(b, 0, &why));
    CHECK_THAT(why, Catch::Contains("beyond the table"));
  }
}

// Found by tests/fuzz/fuzz_gopclntab: a pc-value table whose first value delta is INT32_MIN
// (-1 + INT32_MIN overflowed int32: undefined behaviour, which the ASan+UBSan step stops on).
// Go's int32 wraps, so the line reads as INT32_MAX there and here.
TEST_CASE("Go tables: a pc-value delta that overflows int32 wraps as in Go", "[go_pclntab]") {
  auto b = CraftedTable(GoPclntab::kMagicGo12, 0x401000, kCrafted).bytes();
  // Go 1.2: function 0's _func record is at the offset in its functab entry (16 + 8); its pcln
  // (field 6, after the 8-byte entry) is pointed at a new table appended to the end.
  uint64_t record = 0;
  std::memcpy(&record, b.data() + 16 + 8, 8);
  uint32_t pcln = static_cast<uint32_t>(b.size());
  std::memcpy(b.data() + record + 8 + 5 * 4, &pcln, 4);
  // zig-zag 0xffffffff is INT32_MIN; it covers 0x40 bytes; then the end.
  b.insert(b.end(), {0xff, 0xff, 0xff, 0xff, 0x0f, 0x40, 0x00});
  auto t = GoPclntab::from_bytes(b);
  REQUIRE(t);
  auto line = t->source_line(0x401000);
  REQUIRE(line);
  CHECK(line->line == INT32_MAX);
  CHECK(line->file == CraftedTable::kFile);
}
