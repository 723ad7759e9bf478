#include "stacks/elf_object.h"

#include <fcntl.h>
#include <gelf.h>
#include <sys/stat.h>

#include <cstdlib>

namespace sysray::stacks {

namespace {

bool libelf_ready() {
  static const bool ready = elf_version(EV_CURRENT) != EV_NONE;
  return ready;
}

}  // namespace

void ElfObject::FreeFrame::operator()(Dwarf_Frame* f) const { std::free(f); }

ElfObject::~ElfObject() {
  // The Dwarf (and the .debug_frame CFI it owns) and the .eh_frame CFI read the Elf: they go first.
  eh_cfi_.reset();
  dwarf_.reset();
  elf_.reset();
}

std::unique_ptr<ElfObject> ElfObject::open(const std::string& path, std::optional<uint64_t> inode) {
  if (!libelf_ready()) return nullptr;
  std::unique_ptr<ElfObject> obj(new ElfObject());
  obj->fd_ = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!obj->fd_) return nullptr;
  struct stat st {};
  if (fstat(obj->fd_.get(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
  if (inode && static_cast<uint64_t>(st.st_ino) != *inode) return nullptr;
  obj->file_size_ = static_cast<uint64_t>(st.st_size);
  obj->opened_path_ = path;
  obj->elf_.reset(elf_begin(obj->fd_.get(), ELF_C_READ_MMAP, nullptr));
  if (!obj->init()) return nullptr;
  return obj;
}

std::unique_ptr<ElfObject> ElfObject::from_image(std::vector<uint8_t> image) {
  if (!libelf_ready() || image.empty()) return nullptr;
  std::unique_ptr<ElfObject> obj(new ElfObject());
  obj->image_ = std::move(image);
  obj->file_size_ = obj->image_.size();
  obj->elf_.reset(elf_memory(reinterpret_cast<char*>(obj->image_.data()), obj->image_.size()));
  if (!obj->init()) return nullptr;
  return obj;
}

bool ElfObject::init() {
  if (!elf_ || elf_kind(elf_.get()) != ELF_K_ELF) return false;
  size_t n = 0;
  if (elf_getphdrnum(elf_.get(), &n) != 0) return false;
  for (size_t i = 0; i < n; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf_.get(), static_cast<int>(i), &ph) && ph.p_type == PT_LOAD)
      segments_.push_back({ph.p_offset, ph.p_vaddr, ph.p_filesz});
  }
  return !segments_.empty();
}

std::optional<uint64_t> ElfObject::vaddr_of(uint64_t file_offset) const {
  for (const Segment& s : segments_)
    if (file_offset >= s.offset && file_offset - s.offset < s.filesz) return file_offset - s.offset + s.vaddr;
  return std::nullopt;
}

Dwarf* ElfObject::dwarf() {
  if (!dwarf_loaded_) {
    dwarf_loaded_ = true;
    dwarf_.reset(dwarf_begin_elf(elf_.get(), DWARF_C_READ, nullptr));
  }
  return dwarf_.get();
}

bool ElfObject::has_cfi() {
  if (!cfi_loaded_) {
    cfi_loaded_ = true;
    eh_cfi_.reset(dwarf_getcfi_elf(elf_.get()));
    if (Dwarf* d = dwarf()) debug_cfi_ = dwarf_getcfi(d);
  }
  return eh_cfi_ || debug_cfi_;
}

ElfObject::FramePtr ElfObject::frame_at(uint64_t vaddr) {
  if (!has_cfi()) return nullptr;
  Dwarf_Frame* frame = nullptr;
  if (eh_cfi_ && dwarf_cfi_addrframe(eh_cfi_.get(), vaddr, &frame) == 0) return FramePtr(frame);
  frame = nullptr;
  if (debug_cfi_ && dwarf_cfi_addrframe(debug_cfi_, vaddr, &frame) == 0) return FramePtr(frame);
  return nullptr;
}

}  // namespace sysray::stacks
