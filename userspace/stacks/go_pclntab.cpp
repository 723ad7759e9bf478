// Reading a Go function table from its bytes: the header per version, the functab (sorted
// {entry, funcoff} pairs closed by the end pc), the _func records and the pc-value tables.
// Finding the bytes in an ELF file is go_pclntab_elf.cpp's job.
#include "stacks/go_pclntab.h"

#include <cstring>
#include <fmt/format.h>

namespace sysray::stacks {

namespace {

std::optional<GoPclntab> fail(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return std::nullopt;
}

bool known_magic(uint32_t m) {
  return m == GoPclntab::kMagicGo12 || m == GoPclntab::kMagicGo116 || m == GoPclntab::kMagicGo118 ||
         m == GoPclntab::kMagicGo120;
}

// The _func fields read here are 1 nameoff, 4 pcsp, 5 pcfile, 6 pcln, 8 cuOffset (Go 1.16+; 1.2-1.15
// has nfuncdata there): every version has at least 8 four-byte fields after the entry.
constexpr unsigned kFuncFieldsRead = 8;

}  // namespace

uint64_t GoPclntab::word(size_t off, size_t width) const {
  if (width == 4) {
    uint32_t v;
    std::memcpy(&v, data_ + off, 4);  // the tables are little-endian, as the hosts we run on
    return v;
  }
  uint64_t v;
  std::memcpy(&v, data_ + off, 8);
  return v;
}

uint64_t GoPclntab::pc_at(size_t i) const {
  uint64_t v = word(functab_ + 2 * i * functab_field_, functab_field_);
  return text_relative_ ? text_start_ + v : v;
}

size_t GoPclntab::func_record(size_t i) const {
  return funcdata_ + word(functab_ + (2 * i + 1) * functab_field_, functab_field_);
}

uint32_t GoPclntab::func_field(size_t record, unsigned n) const {
  // Go 1.18 made the entry (field 0) a uint32 offset from textStart; before, it was a uintptr.
  size_t entry_size = text_relative_ ? 4 : ptrsize_;
  return static_cast<uint32_t>(word(record + entry_size + (n - 1) * 4, 4));
}

std::optional<std::string_view> GoPclntab::cstring(size_t off) const {
  if (off >= size_) return std::nullopt;
  const void* nul = std::memchr(data_ + off, 0, size_ - off);
  if (!nul) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(data_ + off),
                          static_cast<const uint8_t*>(nul) - (data_ + off));
}

std::optional<GoPclntab> GoPclntab::from_bytes(std::vector<uint8_t> table, uint64_t text_start,
                                               std::string* why) {
  auto owner = std::make_shared<const std::vector<uint8_t>>(std::move(table));
  std::span<const uint8_t> bytes(owner->data(), owner->size());
  return parse(std::move(owner), bytes, text_start, Source::Bytes, why);
}

std::optional<GoPclntab> GoPclntab::parse(std::shared_ptr<const void> owner,
                                          std::span<const uint8_t> bytes, uint64_t text_start,
                                          Source source, std::string* why) {
  GoPclntab t;
  t.owner_ = std::move(owner);
  t.data_ = bytes.data();
  t.size_ = bytes.size();
  t.source_ = source;
  if (t.size_ < 8) return fail(why, fmt::format("table too short ({} bytes) for a header", t.size_));
  // Header: magic (4 bytes), two zero pad bytes, pc quantum, pointer size.
  t.magic_ = static_cast<uint32_t>(t.word(0, 4));
  if (!known_magic(t.magic_)) {
    uint32_t be = __builtin_bswap32(t.magic_);
    if (known_magic(be)) return fail(why, fmt::format("big-endian table (magic {:#x}): not supported", be));
    return fail(why, fmt::format("unknown magic {:#x} (known: 0xfffffffb Go 1.2, 0xfffffffa Go 1.16, "
                                 "0xfffffff0 Go 1.18, 0xfffffff1 Go 1.20)", t.magic_));
  }
  t.quantum_ = t.data_[6];
  t.ptrsize_ = t.data_[7];
  if (t.data_[4] != 0 || t.data_[5] != 0) return fail(why, "header pad bytes are not zero");
  if (t.quantum_ != 1 && t.quantum_ != 2 && t.quantum_ != 4)
    return fail(why, fmt::format("bad pc quantum {}", t.quantum_));
  if (t.ptrsize_ != 4 && t.ptrsize_ != 8) return fail(why, fmt::format("bad pointer size {}", t.ptrsize_));

  // The header's words (uintptr each) after the first 8 bytes.
  const size_t ps = t.ptrsize_;
  auto header_words = [&](size_t n) { return 8 + n * ps <= t.size_; };
  auto hword = [&](size_t k) { return t.word(8 + k * ps, ps); };
  bool go118 = t.magic_ == kMagicGo118 || t.magic_ == kMagicGo120;
  t.text_relative_ = go118;
  if (t.magic_ == kMagicGo12) {
    // nfunc, then the functab itself, then (after it) a uint32 offset of the file table.
    if (!header_words(1)) return fail(why, "table too short for a Go 1.2 header");
    t.nfunc_ = hword(0);
    t.functab_ = 8 + ps;
    t.functab_field_ = ps;
  } else {
    // Go 1.16: nfunc, nfiles, funcnametab, cutab, filetab, pctab, functab (offsets from the
    // header). Go 1.18 adds textStart after nfiles.
    size_t words = go118 ? 8 : 7;
    if (!header_words(words)) return fail(why, "table too short for its header");
    size_t k = 0;
    t.nfunc_ = hword(k++);
    t.nfiletab_ = hword(k++);
    if (go118) {
      uint64_t header_text = hword(k++);
      // A PIE's textStart may be unrelocated (0) in the file, and Go 1.26 always writes 0.
      t.text_start_ = header_text ? header_text : text_start;
      if (!t.text_start_) return fail(why, "the header's textStart is 0 and the text start is unknown");
    }
    uint64_t offs[5];
    for (auto& o : offs) {
      o = hword(k++);
      if (o > t.size_) return fail(why, fmt::format("header offset {:#x} beyond the table ({:#x} bytes)", o, t.size_));
    }
    t.funcnametab_ = offs[0];
    t.cutab_ = offs[1];
    t.filetab_ = offs[2];
    t.pctab_ = offs[3];
    t.functab_ = offs[4];
    t.funcdata_ = offs[4];  // _func offsets count from the functab's start
    t.functab_field_ = go118 ? 4 : ps;
  }
  if (t.nfunc_ == 0) return fail(why, "the table lists no functions");
  // Room for nfunc {entry, funcoff} pairs and the closing pc.
  if (t.nfunc_ > t.size_ || t.functab_ + (2 * t.nfunc_ + 1) * t.functab_field_ > t.size_)
    return fail(why, fmt::format("functab of {} functions does not fit in the table", t.nfunc_));
  if (t.magic_ == kMagicGo12) {
    size_t end = t.functab_ + (2 * t.nfunc_ + 1) * t.functab_field_;
    if (end + 4 > t.size_) return fail(why, "no file table offset after the functab");
    t.filetab_ = t.word(end, 4);
    if (t.filetab_ + 4 > t.size_) return fail(why, "file table offset beyond the table");
    t.nfiletab_ = t.word(t.filetab_, 4);
    if (t.nfiletab_ > (t.size_ - t.filetab_) / 4) return fail(why, "file table does not fit in the table");
  }

  // Every entry in order, every _func record inside the table and naming the same entry: checked
  // once here so that lookup() can read the functab and records without checks.
  size_t entry_size = go118 ? 4 : ps;
  size_t record_size = entry_size + kFuncFieldsRead * 4;
  uint64_t prev = 0;
  for (size_t i = 0; i <= t.nfunc_; ++i) {
    uint64_t raw = t.word(t.functab_ + 2 * i * t.functab_field_, t.functab_field_);
    if (i > 0 && raw < prev) return fail(why, fmt::format("functab entry {} goes backwards", i));
    prev = raw;
    if (i == t.nfunc_) break;
    uint64_t funcoff = t.word(t.functab_ + (2 * i + 1) * t.functab_field_, t.functab_field_);
    if (funcoff > t.size_ || t.funcdata_ + funcoff + record_size > t.size_)
      return fail(why, fmt::format("function {}'s record is outside the table", i));
    if (t.word(t.funcdata_ + funcoff, entry_size) != raw)
      return fail(why, fmt::format("function {}'s record names another entry", i));
  }
  return t;
}

std::optional<GoPclntab::Func> GoPclntab::function(size_t i) const {
  if (i >= nfunc_) return std::nullopt;
  auto name = name_at(func_field(func_record(i), 1));
  if (!name) return std::nullopt;
  return Func{std::move(*name), pc_at(i), pc_at(i + 1)};
}

std::optional<size_t> GoPclntab::index_of(uint64_t vaddr) const {
  if (nfunc_ == 0 || vaddr < pc_at(0) || vaddr >= pc_at(nfunc_)) return std::nullopt;
  // The last entry <= vaddr: entries are sorted (checked in parse), the closing pc bounds them.
  size_t lo = 0, hi = nfunc_;  // pc_at(lo) <= vaddr < pc_at(hi)
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (pc_at(mid) <= vaddr)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

std::optional<GoPclntab::Func> GoPclntab::lookup(uint64_t vaddr) const {
  auto i = index_of(vaddr);
  if (!i) return std::nullopt;
  return function(*i);
}

// Go's pc-value tables: pairs of (zig-zag varint value delta, varint pc delta in quanta) starting
// from value -1 at the function's entry, ended by a zero value delta (after the first pair).
std::optional<int32_t> GoPclntab::pcvalue(uint32_t table_off, uint64_t entry, uint64_t target) const {
  if (table_off == 0) return std::nullopt;  // the function has no such table
  size_t p = pctab_ + table_off;
  auto varint = [&](uint32_t& out) {
    out = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
      if (p >= size_) return false;
      uint8_t b = data_[p++];
      out |= uint32_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  };
  int32_t val = -1;
  uint64_t pc = entry;
  for (bool first = true;; first = false) {
    uint32_t uv, pcdelta;
    if (!varint(uv)) return std::nullopt;
    if (uv == 0 && !first) return std::nullopt;  // the table ended before reaching target
    int32_t delta = (uv & 1) ? static_cast<int32_t>(~(uv >> 1)) : static_cast<int32_t>(uv >> 1);
    if (!varint(pcdelta)) return std::nullopt;
    pc += uint64_t(pcdelta) * quantum_;
    // Wraps as Go's int32 does (a corrupt table may say anything): no signed overflow here.
    val = static_cast<int32_t>(static_cast<uint32_t>(val) + static_cast<uint32_t>(delta));
    if (target < pc) return val;
  }
}

std::optional<GoPclntab::SourceLine> GoPclntab::source_line(uint64_t vaddr) const {
  auto i = index_of(vaddr);
  if (!i) return std::nullopt;
  size_t record = func_record(*i);
  uint64_t entry = pc_at(*i);
  auto fno = pcvalue(func_field(record, 5), entry, vaddr);
  auto line = pcvalue(func_field(record, 6), entry, vaddr);
  if (!fno || !line || *line < 0) return std::nullopt;
  std::optional<std::string_view> file;
  if (magic_ == kMagicGo12) {
    // File numbers index a table of uint32 offsets (from the table's start); 0 is no file.
    if (*fno <= 0 || size_t(*fno) >= nfiletab_) return std::nullopt;
    file = cstring(word(filetab_ + 4 * size_t(*fno), 4));
  } else {
    // File numbers are per compilation unit: cutab[cuOffset + fno] is an offset into filetab.
    if (*fno < 0) return std::nullopt;
    size_t slot = cutab_ + (size_t(func_field(record, 8)) + size_t(*fno)) * 4;
    if (slot + 4 > size_) return std::nullopt;
    uint32_t off = static_cast<uint32_t>(word(slot, 4));
    if (off == UINT32_MAX) return std::nullopt;
    file = cstring(filetab_ + off);
  }
  if (!file) return std::nullopt;
  return SourceLine{std::string(*file), *line};
}

std::optional<int32_t> GoPclntab::frame_size(uint64_t vaddr) const {
  auto i = index_of(vaddr);
  if (!i) return std::nullopt;
  return pcvalue(func_field(func_record(*i), 4), pc_at(*i), vaddr);
}

// Go 1.18+ _func: entryoff and fields 1-8 (4 bytes each), then funcID, flag, a pad byte and
// nfuncdata (one byte each), then npcdata uint32 pcdata offsets, then nfuncdata uint32 funcdata
// offsets (from moduledata.gofunc; ~0: none).
std::optional<GoPclntab::FuncTables> GoPclntab::func_tables(size_t record) const {
  if (!text_relative_) return std::nullopt;
  constexpr size_t kFixed = 4 + kFuncFieldsRead * 4 + 4;
  if (record + kFixed > size_) return std::nullopt;
  FuncTables t{record + kFixed, func_field(record, 7), data_[record + kFixed - 1]};
  if (t.npcdata > size_ / 4 || t.at + (size_t(t.npcdata) + t.nfuncdata) * 4 > size_) return std::nullopt;
  return t;
}

std::optional<int32_t> GoPclntab::pcdata_value(uint64_t vaddr, unsigned table) const {
  auto i = index_of(vaddr);
  if (!i) return std::nullopt;
  auto t = func_tables(func_record(*i));
  if (!t || table >= t->npcdata) return std::nullopt;
  return pcvalue(static_cast<uint32_t>(word(t->at + 4 * table, 4)), pc_at(*i), vaddr);
}

std::optional<uint32_t> GoPclntab::funcdata_offset(uint64_t vaddr, unsigned index) const {
  auto i = index_of(vaddr);
  if (!i) return std::nullopt;
  auto t = func_tables(func_record(*i));
  if (!t || index >= t->nfuncdata) return std::nullopt;
  auto off = static_cast<uint32_t>(word(t->at + 4 * (size_t(t->npcdata) + index), 4));
  if (off == UINT32_MAX) return std::nullopt;
  return off;
}

std::optional<std::string> GoPclntab::name_at(uint32_t nameoff) const {
  auto name = cstring(funcnametab_ + nameoff);
  if (!name) return std::nullopt;
  return std::string(*name);
}

}  // namespace sysray::stacks
