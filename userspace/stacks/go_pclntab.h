// Go's own function table (.gopclntab, the runtime's pcHeader and what follows it): it names Go
// functions in binaries whose ELF symbols are gone (`strip`, `go build -ldflags='-s -w'`), because
// the Go runtime needs it to print its own stacks. The layouts per version are those of Go's
// src/debug/gosym/pclntab.go and src/runtime/symtab.go.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sysray::stacks {

class GoPclntab {
 public:
  // Header magics (little-endian uint32 at the table's start), one per layout.
  static constexpr uint32_t kMagicGo12 = 0xfffffffb;   // Go 1.2-1.15
  static constexpr uint32_t kMagicGo116 = 0xfffffffa;  // Go 1.16-1.17
  static constexpr uint32_t kMagicGo118 = 0xfffffff0;  // Go 1.18-1.19
  static constexpr uint32_t kMagicGo120 = 0xfffffff1;  // Go 1.20+

  // How load() found the table (tests check that each path is really taken).
  enum class Source { Section, Symbol, Signature, Bytes };

  // The function table of the Go binary at `path`: nullopt when it is no Go binary (or its table
  // is unreadable; `why` then says why, if non-null). The file stays mapped while any copy lives.
  static std::optional<GoPclntab> load(const std::string& path, std::string* why = nullptr);

  // A table already in memory (tests craft them). `text_start` stands in for a Go 1.18+ header
  // whose textStart field is 0 (0 here: none known).
  static std::optional<GoPclntab> from_bytes(std::vector<uint8_t> table, uint64_t text_start = 0,
                                             std::string* why = nullptr);

  struct Func {
    std::string name;  // as Go's own tracebacks print it: "net.(*sysDialer).dialUDP", generic and
                       // array brackets shortened to "[...]", no ".abi0" (ELF symbols differ there)
    uint64_t entry;
    uint64_t end;
  };  // link-time virtual addresses
  // The function containing the link-time virtual address `vaddr` (as in the ELF file: for PIE the
  // caller subtracts the load bias). Binary search over the functab; the name is read on demand.
  std::optional<Func> lookup(uint64_t vaddr) const;

  // The i-th function in address order (i < function_count()); nullopt if its record is corrupt.
  std::optional<Func> function(size_t i) const;

  struct SourceLine {
    std::string file;
    int line;
  };
  // The source file and line of the instruction at `vaddr`, from the function's pcfile and pcln
  // tables; nullopt outside Go code or when the tables say nothing for that pc.
  std::optional<SourceLine> source_line(uint64_t vaddr) const;

  // The bytes the function containing `vaddr` has pushed below its return address at that
  // instruction (its pcsp table): 0 in a frameless leaf, whose caller's return address is then
  // at the stack pointer. nullopt outside Go code.
  std::optional<int32_t> frame_size(uint64_t vaddr) const;

  // Inlining (Go 1.18+ tables; nullopt for older ones and where the function has none):
  // the value of pc-data table `table` (PCDATA_InlTreeIndex: the inline tree entry the
  // instruction belongs to, -1 for the function's own code) at `vaddr`...
  static constexpr unsigned kPcdataInlTreeIndex = 2;
  std::optional<int32_t> pcdata_value(uint64_t vaddr, unsigned table) const;
  // ...and where funcdata `index` (FUNCDATA_InlTree: the function's inline tree) of the function
  // containing `vaddr` is, as an offset from the module's gofunc (runtime.moduledata).
  static constexpr unsigned kFuncdataInlTree = 3;
  std::optional<uint32_t> funcdata_offset(uint64_t vaddr, unsigned index) const;
  // The function name at `nameoff` in the name table (an inline tree entry names its function
  // so).
  std::optional<std::string> name_at(uint32_t nameoff) const;

  uint32_t magic() const { return magic_; }  // which header version was read
  size_t function_count() const { return nfunc_; }
  Source source() const { return source_; }
  uint64_t text_begin() const { return pc_at(0); }    // first function's entry
  uint64_t text_end() const { return pc_at(nfunc_); }  // the functab's closing pc

 private:
  // Reads and checks the header and the whole functab of `bytes` (which `owner` keeps alive):
  // offsets inside the table, entries in order, each _func record inside the table and agreeing
  // with its functab entry. After that, lookups need no check but the names' terminators.
  static std::optional<GoPclntab> parse(std::shared_ptr<const void> owner,
                                        std::span<const uint8_t> bytes, uint64_t text_start,
                                        Source source, std::string* why);
  GoPclntab() = default;

  uint64_t word(size_t off, size_t width) const;  // little-endian, off + width <= size checked by caller
  uint64_t pc_at(size_t i) const;                  // functab entry i (i == nfunc_: the end pc)
  std::optional<size_t> index_of(uint64_t vaddr) const;  // binary search over the functab
  size_t func_record(size_t i) const;              // offset of function i's _func record
  uint32_t func_field(size_t record, unsigned n) const;  // _func field n >= 1 (4 bytes each)
  std::optional<std::string_view> cstring(size_t off) const;  // NUL-terminated, inside the table
  std::optional<int32_t> pcvalue(uint32_t table_off, uint64_t entry, uint64_t target) const;
  // Go 1.18+: the offset of the first uint32 after _func record `record`'s fixed fields (its
  // pcdata offsets, then its funcdata offsets), and how many of each it has; nullopt when they
  // do not fit in the table.
  struct FuncTables {
    size_t at;
    uint32_t npcdata, nfuncdata;
  };
  std::optional<FuncTables> func_tables(size_t record) const;

  std::shared_ptr<const void> owner_;  // the mapping or vector that holds data_
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  uint32_t magic_ = 0;
  Source source_ = Source::Bytes;
  unsigned quantum_ = 1;
  unsigned ptrsize_ = 8;
  size_t nfunc_ = 0;
  unsigned functab_field_ = 4;  // bytes per functab field: 4 (Go 1.18+) or ptrsize
  size_t functab_ = 0;          // offsets from data_
  size_t funcdata_ = 0;         // _func records are at funcdata_ + funcoff
  size_t funcnametab_ = 0;
  size_t cutab_ = 0;
  size_t filetab_ = 0;
  size_t pctab_ = 0;
  size_t nfiletab_ = 0;  // Go 1.2: entries in filetab_ (uint32 offsets from data_)
  bool text_relative_ = false;  // Go 1.18+: functab and _func entries are uint32 offsets from
  uint64_t text_start_ = 0;      // text_start_; before, they are uintptr addresses
};

}  // namespace sysray::stacks
