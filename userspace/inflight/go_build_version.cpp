#include "inflight/go_build_version.h"

#include <gelf.h>

#include <cstring>
#include <string_view>

namespace sysray {

namespace {

constexpr std::string_view kMagic = "\xff Go buildinf:";
constexpr size_t kHeaderSize = 32;    // magic, pointer size, flags, padding
constexpr uint8_t kInlineStrings = 2;  // flags: the strings follow the header (Go 1.18+)

// A uvarint-prefixed string at `at`; advances `at`.
std::optional<std::string> read_prefixed(std::string_view bytes, size_t& at) {
  uint64_t len = 0;
  for (int shift = 0; at < bytes.size() && shift < 64; shift += 7) {
    auto b = static_cast<uint8_t>(bytes[at++]);
    len |= uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) {
      if (len > bytes.size() - at) return std::nullopt;
      std::string s(bytes.substr(at, len));
      at += len;
      return s;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> go_build_version(Elf* elf) {
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return std::nullopt;
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn))) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_PROGBITS) continue;
    const char* name = elf_strptr(elf, shstrndx, shdr.sh_name);
    if (!name || std::strcmp(name, ".go.buildinfo") != 0) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (!data || !data->d_buf) return std::nullopt;
    std::string_view bytes(static_cast<const char*>(data->d_buf), data->d_size);
    if (bytes.size() < kHeaderSize || !bytes.starts_with(kMagic) ||
        !(static_cast<uint8_t>(bytes[kMagic.size() + 1]) & kInlineStrings))
      return std::nullopt;
    size_t at = kHeaderSize;
    auto version = read_prefixed(bytes, at);
    if (!version || version->empty()) return std::nullopt;
    return version;
  }
  return std::nullopt;
}

}  // namespace sysray
