#include "stacks/object_cache.h"

#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <functional>

#include <fmt/format.h>

namespace sysray::stacks {

namespace {

constexpr std::string_view kVdso = "[vdso]";

}  // namespace

std::vector<uint8_t> own_vdso_image() {
  auto base = getauxval(AT_SYSINFO_EHDR);
  if (!base) return {};
  auto maps = ProcMaps::read(getpid());
  if (!maps) return {};
  const MapEntry* m = maps->find(base);
  if (!m || m->path != kVdso) return {};
  const auto* bytes = reinterpret_cast<const uint8_t*>(m->start);
  return std::vector<uint8_t>(bytes, bytes + (m->end - m->start));
}

size_t ObjectCache::KeyHash::operator()(const Key& k) const {
  if (!k.special.empty()) return std::hash<std::string>()(k.special);
  return std::hash<uint64_t>()(k.inode * 0x9e3779b97f4a7c15ULL ^ k.dev);
}

ElfObject* ObjectCache::get(const MapEntry& m, pid_t pid) {
  Key key;
  if (m.inode != 0) {
    key.dev = (uint64_t{m.dev_major} << 32) | m.dev_minor;
    key.inode = m.inode;
  } else if (m.path == kVdso) {
    key.special = fmt::format("{}:{}", kVdso, m.end - m.start);  // one image per size seen
  } else {
    return nullptr;  // anonymous memory (JIT code): nothing to read
  }
  auto it = objects_.find(key);
  if (it == objects_.end()) it = objects_.emplace(std::move(key), open(m, pid)).first;
  return it->second.get();
}

std::unique_ptr<ElfObject> ObjectCache::open(const MapEntry& m, pid_t pid) const {
  if (m.path == kVdso) {
    std::vector<uint8_t> image = own_vdso_image();
    if (image.size() != m.end - m.start) return nullptr;  // another kernel's? (never here)
    return ElfObject::from_image(std::move(image));
  }
  if (!m.is_file()) return nullptr;
  std::string file(m.file());
  if (!m.deleted())
    if (auto obj = ElfObject::open(file, m.inode)) return obj;
  if (pid <= 0) return nullptr;
  if (!m.deleted())
    if (auto obj = ElfObject::open(fmt::format("/proc/{}/root{}", pid, file), m.inode)) return obj;
  return ElfObject::open(fmt::format("/proc/{}/map_files/{:x}-{:x}", pid, m.start, m.end), m.inode);
}

}  // namespace sysray::stacks
