#include "decode/syscall_table.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "decode/builtin_signatures.h"
#include "util/tracefs.h"

namespace sysray::decode {
namespace {

struct NumberedName {
  int nr;
  const char* name;
};

// Generated at build time from the kernel headers' asm/unistd_64.h.
constexpr NumberedName kFromHeaders[] = {
#include "builtin_syscalls.inc"
};

// x86_64 syscalls newer than the headers of the oldest supported build host (Debian 12, Linux
// 6.1), so that a newer running kernel's tracefs entries still get their numbers.
constexpr NumberedName kNewerThanHeaders[] = {
    {335, "uretprobe"},      {336, "uprobe"},          {451, "cachestat"},
    {452, "fchmodat2"},      {453, "map_shadow_stack"}, {454, "futex_wake"},
    {455, "futex_wait"},     {456, "futex_requeue"},    {457, "statmount"},
    {458, "listmount"},      {459, "lsm_get_self_attr"}, {460, "lsm_set_self_attr"},
    {461, "lsm_list_modules"}, {462, "mseal"},          {463, "setxattrat"},
    {464, "getxattrat"},     {465, "listxattrat"},      {466, "removexattrat"},
    {467, "open_tree_attr"}, {468, "file_getattr"},     {469, "file_setattr"},
};

// tracefs names some syscalls after their kernel function (sys_newstat), not after their
// unistd name, which is the one strace prints.
std::string_view unistd_name(std::string_view tracefs_name) {
  constexpr std::pair<std::string_view, std::string_view> kRenamed[] = {
      {"newstat", "stat"},     {"newfstat", "fstat"},     {"newlstat", "lstat"},
      {"newuname", "uname"},   {"sendfile64", "sendfile"}, {"umount", "umount2"},
  };
  for (auto [from, to] : kRenamed)
    if (from == tracefs_name) return to;
  return tracefs_name;
}

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// "struct sockaddr * umyaddr" -> {"struct sockaddr *", "umyaddr"}: the name is the last
// identifier, the type everything before it.
SyscallArg split_declaration(std::string_view decl) {
  size_t cut = decl.find_last_of(" *") + 1;  // npos + 1 == 0: a bare name
  return {std::string(trim(decl.substr(0, cut))), std::string(decl.substr(cut))};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void add_numbered(SyscallTable& table, const NumberedName& e) {
  SyscallInfo info;
  if (auto sig = builtin_signature(e.name)) info = std::move(*sig);
  info.nr = e.nr;
  info.name = e.name;
  table.add(std::move(info));
}

}  // namespace

void SyscallTable::add(SyscallInfo info) {
  if (info.nr < 0) return;
  if (static_cast<size_t>(info.nr) >= by_nr_.size()) by_nr_.resize(info.nr + 1);
  if (by_nr_[info.nr].nr >= 0) nr_by_name_.erase(by_nr_[info.nr].name);  // replaced
  nr_by_name_[info.name] = info.nr;
  by_nr_[info.nr] = std::move(info);
}

std::string SyscallTable::name_of(int nr) const {
  const SyscallInfo* info = by_nr(nr);
  return info ? info->name : fmt::format("syscall_{}", nr);
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
  for (const auto& e : kFromHeaders) add_numbered(t, e);
  for (const auto& e : kNewerThanHeaders)
    if (!t.nr_of(e.name)) add_numbered(t, e);
  return t;
}

std::optional<SyscallInfo> parse_tracefs_format(std::string_view text) {
  constexpr std::string_view kNamePrefix = "name: sys_enter_";
  constexpr std::string_view kFieldPrefix = "field:";
  SyscallInfo info;
  bool in_args = false;  // the argument fields follow __syscall_nr; common_* come before it
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.starts_with(kNamePrefix)) {
      info.name = std::string(trim(line.substr(kNamePrefix.size())));
      continue;
    }
    line = trim(line);
    if (!line.starts_with(kFieldPrefix)) continue;
    std::string_view decl = trim(line.substr(kFieldPrefix.size(), line.find(';') - kFieldPrefix.size()));
    if (decl.ends_with(" __syscall_nr")) {
      in_args = true;
    } else if (in_args && !decl.starts_with("__data_loc")) {  // copies of strings, not arguments
      info.args.push_back(split_declaration(decl));
    }
  }
  if (info.name.empty() || !in_args) return std::nullopt;
  info.args_known = true;
  return info;
}

SyscallTable SyscallTable::from_tracefs(const std::string& events_syscalls_dir) {
  namespace fs = std::filesystem;
  const SyscallTable numbers = builtin();
  SyscallTable t;
  t.source_ = "tracefs";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(events_syscalls_dir, ec)) {
    if (!entry.path().filename().string().starts_with("sys_enter_")) continue;
    auto info = parse_tracefs_format(read_file(entry.path() / "format"));
    if (!info) continue;
    info->name = std::string(unistd_name(info->name));
    auto nr = numbers.nr_of(info->name);
    if (!nr) continue;  // newer than anything sysray knows the number of
    info->nr = *nr;
    t.add(std::move(*info));
  }
  return t;
}

SyscallTable SyscallTable::load() {
  // Mounted when missing and root; failure is fine: the built-in table still names every
  // syscall.
  std::string tracefs = tracefs_dir(true);
  SyscallTable t;
  if (!tracefs.empty()) t = from_tracefs(tracefs + "/events/syscalls");
  if (t.size() == 0) return builtin();
  // Syscalls without a tracepoint (not built into this kernel, or never given one) are still
  // named, from the headers, so that a trace shows "kexec_load" rather than a number.
  const SyscallTable headers = builtin();
  for (const auto& info : headers.all())
    if (info.nr >= 0 && !t.by_nr(info.nr)) t.add(info);
  return t;
}

}  // namespace sysray::decode
