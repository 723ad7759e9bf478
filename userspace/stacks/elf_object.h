// trace -k: one mapped ELF file (or the vdso's image), opened once for all the processes that map
// it, with what unwinding and naming read from it: its loadable segments (to turn a file offset
// into the link-time address that CFI and symbols use), its call frame information, its DWARF.
// Every libelf/libdw handle is owned here and released with the object.
#pragma once
#include <elfutils/libdw.h>
#include <libelf.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/unique_fd.h"

namespace sysray::stacks {

class ElfObject {
 public:
  // The ELF file at `path`; null when it cannot be opened or is no ELF file. With `inode`, the
  // file must be that inode (a library replaced by an upgrade is another file).
  static std::unique_ptr<ElfObject> open(const std::string& path, std::optional<uint64_t> inode = {});
  // An ELF image in memory (the vdso, copied out of this process).
  static std::unique_ptr<ElfObject> from_image(std::vector<uint8_t> image);
  ~ElfObject();
  ElfObject(const ElfObject&) = delete;
  ElfObject& operator=(const ElfObject&) = delete;

  Elf* elf() const { return elf_.get(); }
  // The path it was opened from ("" for an image): /proc/PID/map_files/... for a deleted file.
  const std::string& opened_path() const { return opened_path_; }
  uint64_t file_size() const { return file_size_; }

  // The link-time virtual address of a file offset, from the PT_LOAD segment holding it.
  std::optional<uint64_t> vaddr_of(uint64_t file_offset) const;

  // The CFI that holds `vaddr`'s frame: .eh_frame first, then .debug_frame. The frame is
  // malloc'd by libdw: free() it (FramePtr does).
  struct FreeFrame {
    void operator()(Dwarf_Frame* f) const;
  };
  using FramePtr = std::unique_ptr<Dwarf_Frame, FreeFrame>;
  FramePtr frame_at(uint64_t vaddr);
  // Whether the file has any CFI at all: without it (a stripped Go binary), frame pointers are
  // the only way up.
  bool has_cfi();

  // The DWARF debug information, when the file has it (null otherwise).
  Dwarf* dwarf();

 private:
  ElfObject() = default;
  bool init();

  struct EndElf {
    void operator()(Elf* e) const { elf_end(e); }
  };
  struct EndCfi {
    void operator()(Dwarf_CFI* c) const { dwarf_cfi_end(c); }
  };
  struct EndDwarf {
    void operator()(Dwarf* d) const { dwarf_end(d); }
  };
  struct Segment {
    uint64_t offset, vaddr, filesz;
  };

  UniqueFd fd_;
  std::vector<uint8_t> image_;  // the bytes of an in-memory image (libelf reads them in place)
  std::unique_ptr<Elf, EndElf> elf_;
  std::string opened_path_;
  uint64_t file_size_ = 0;
  std::vector<Segment> segments_;

  bool cfi_loaded_ = false;
  std::unique_ptr<Dwarf_CFI, EndCfi> eh_cfi_;  // .eh_frame, from the ELF itself
  Dwarf_CFI* debug_cfi_ = nullptr;             // .debug_frame, owned by dwarf_
  bool dwarf_loaded_ = false;
  std::unique_ptr<Dwarf, EndDwarf> dwarf_;
};

}  // namespace sysray::stacks
