#include "decode/syscall_table.h"

#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sysray::decode {
namespace {

struct BuiltinEntry {
  int nr;
  const char* name;
};
// Generated at build time from the kernel headers' asm/unistd_64.h.
constexpr BuiltinEntry kBuiltin[] = {
#include "builtin_syscalls.inc"
};

// tracefs names a few syscalls after their kernel entry point, not their unistd name.
std::string unistd_name(const std::string& tracefs_name) {
  if (tracefs_name == "sendfile64") return "sendfile";
  if (tracefs_name == "umount") return "umount2";
  return tracefs_name;
}

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

void SyscallTable::add(SyscallInfo info) {
  if (info.nr < 0) return;
  if (static_cast<size_t>(info.nr) >= by_nr_.size()) by_nr_.resize(info.nr + 1);
  nr_by_name_[info.name] = info.nr;
  by_nr_[info.nr] = std::move(info);
}

const SyscallInfo* SyscallTable::by_nr(int nr) const {
  if (nr < 0 || static_cast<size_t>(nr) >= by_nr_.size() || by_nr_[nr].nr < 0) return nullptr;
  return &by_nr_[nr];
}

std::optional<int> SyscallTable::nr_of(std::string_view name) const {
  auto it = nr_by_name_.find(std::string(name));
  if (it == nr_by_name_.end()) return std::nullopt;
  return it->second;
}

size_t SyscallTable::size() const { return nr_by_name_.size(); }

SyscallTable SyscallTable::builtin() {
  SyscallTable t;
  t.source_ = "builtin";
  for (const auto& e : kBuiltin) t.add(SyscallInfo{e.nr, e.name, {}, false});
  return t;
}

std::optional<SyscallInfo> parse_tracefs_format(std::string_view format_text) {
  std::istringstream in{std::string(format_text)};
  std::string line;
  SyscallInfo info;
  bool after_nr = false;
  while (std::getline(in, line)) {
    if (line.rfind("name: sys_enter_", 0) == 0) {
      info.name = trim(line.substr(16));
      continue;
    }
    auto field = line.find("field:");
    if (field == std::string::npos) continue;
    auto semi = line.find(';', field);
    if (semi == std::string::npos) continue;
    std::string decl = trim(line.substr(field + 6, semi - field - 6));
    if (decl.find("__syscall_nr") != std::string::npos) {
      after_nr = true;
      continue;
    }
    if (!after_nr) continue;  // common_* fields
    auto space = decl.find_last_of(" *");
    if (space == std::string::npos) continue;
    info.args.push_back({trim(decl.substr(0, space + 1)), decl.substr(space + 1)});
  }
  if (info.name.empty()) return std::nullopt;
  info.args_known = true;
  return info;
}

SyscallTable SyscallTable::from_tracefs(const std::string& dir) {
  namespace fs = std::filesystem;
  SyscallTable builtin_table = builtin();
  SyscallTable t;
  t.source_ = "tracefs";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string event = entry.path().filename();
    if (event.rfind("sys_enter_", 0) != 0) continue;
    std::ifstream f(entry.path() / "format");
    std::stringstream text;
    text << f.rdbuf();
    auto info = parse_tracefs_format(text.str());
    if (!info) continue;
    auto nr = builtin_table.nr_of(unistd_name(info->name));
    if (!nr) continue;  // newer than the headers sysray was built with: no number known
    info->nr = *nr;
    info->name = unistd_name(info->name);
    t.add(std::move(*info));
  }
  // Syscalls without a tracepoint (rare) keep their built-in entry.
  if (t.size() == 0) return t;
  for (const auto& info : builtin_table.all())
    if (info.nr >= 0 && !t.by_nr(info.nr)) t.add(info);
  return t;
}

SyscallTable SyscallTable::load() {
  const char* dirs[] = {"/sys/kernel/tracing/events/syscalls",
                        "/sys/kernel/debug/tracing/events/syscalls"};
  for (const char* d : dirs)
    if (access(d, R_OK) == 0) {
      auto t = from_tracefs(d);
      if (t.size()) return t;
    }
  // tracefs is not mounted by default on some systems: mount it when allowed.
  if (geteuid() == 0 && mount("nodev", "/sys/kernel/tracing", "tracefs", 0, nullptr) == 0) {
    auto t = from_tracefs(dirs[0]);
    if (t.size()) return t;
  }
  return builtin();
}

}  // namespace sysray::decode
