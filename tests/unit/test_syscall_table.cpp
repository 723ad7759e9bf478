// The syscall table: numbers from the kernel headers (builtin) and argument lists parsed from
// tracefs's events/syscalls/sys_enter_*/format files. The format texts are copies of the files of
// a 6.x x86_64 kernel.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "decode/syscall_table.h"

using sysray::decode::parse_tracefs_format;
using sysray::decode::SyscallArg;
using sysray::decode::SyscallInfo;
using sysray::decode::SyscallTable;

namespace {

// What every sys_enter_*/format holds before the arguments: the common fields and the number.
#define SYSCALL_EVENT_FIELDS                                                           \
  "format:\n"                                                                          \
  "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"               \
  "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"               \
  "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"       \
  "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"                          \
  "\n"                                                                                 \
  "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"

constexpr const char* kBindFormat =
    "name: sys_enter_bind\n"
    "ID: 2238\n"
    SYSCALL_EVENT_FIELDS
    "\tfield:int fd;\toffset:16;\tsize:8;\tsigned:0;\n"
    "\tfield:struct sockaddr * umyaddr;\toffset:24;\tsize:8;\tsigned:0;\n"
    "\tfield:int addrlen;\toffset:32;\tsize:8;\tsigned:0;\n"
    "\n"
    "print fmt: \"fd: 0x%08lx, umyaddr: 0x%08lx, addrlen: 0x%08lx\", ((unsigned long)(REC->fd)), "
    "((unsigned long)(REC->umyaddr)), ((unsigned long)(REC->addrlen))\n";

constexpr const char* kOpenatFormat =
    "name: sys_enter_openat\n"
    "ID: 782\n"
    SYSCALL_EVENT_FIELDS
    "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
    "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
    "\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
    "\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n"
    "\n"
    "print fmt: \"dfd: 0x%08lx, filename: 0x%08lx, flags: 0x%08lx, mode: 0x%08lx\", "
    "((unsigned long)(REC->dfd)), ((unsigned long)(REC->filename)), "
    "((unsigned long)(REC->flags)), ((unsigned long)(REC->mode))\n";

constexpr const char* kGetppidFormat =
    "name: sys_enter_getppid\n"
    "ID: 305\n"
    SYSCALL_EVENT_FIELDS
    "\n"
    "print fmt: \"\"\n";

// tracefs names sendfile after its kernel function, sys_sendfile64.
constexpr const char* kSendfile64Format =
    "name: sys_enter_sendfile64\n"
    "ID: 822\n"
    SYSCALL_EVENT_FIELDS
    "\tfield:int out_fd;\toffset:16;\tsize:8;\tsigned:0;\n"
    "\tfield:int in_fd;\toffset:24;\tsize:8;\tsigned:0;\n"
    "\tfield:loff_t * offset;\toffset:32;\tsize:8;\tsigned:0;\n"
    "\tfield:size_t count;\toffset:40;\tsize:8;\tsigned:0;\n"
    "\n"
    "print fmt: \"out_fd: 0x%08lx, in_fd: 0x%08lx, offset: 0x%08lx, count: 0x%08lx\", "
    "((unsigned long)(REC->out_fd)), ((unsigned long)(REC->in_fd)), "
    "((unsigned long)(REC->offset)), ((unsigned long)(REC->count))\n";

using Args = std::vector<std::pair<std::string, std::string>>;

// type and name of each argument, for one comparison per syscall.
Args args_of(const SyscallInfo& info) {
  Args out;
  for (const SyscallArg& a : info.args) out.emplace_back(a.type, a.name);
  return out;
}

const Args kBindArgs = {{"int", "fd"}, {"struct sockaddr *", "umyaddr"}, {"int", "addrlen"}};
const Args kOpenatArgs = {
    {"int", "dfd"}, {"const char *", "filename"}, {"int", "flags"}, {"umode_t", "mode"}};
const Args kSendfileArgs = {
    {"int", "out_fd"}, {"int", "in_fd"}, {"loff_t *", "offset"}, {"size_t", "count"}};

void check_parsed(const char* format_text, const std::string& name, const Args& args) {
  INFO("sys_enter_" << name);
  auto info = parse_tracefs_format(format_text);
  REQUIRE(info);
  CHECK(info->name == name);
  CHECK(info->nr == -1);  // tracefs has no numbers
  CHECK(info->args_known);
  CHECK(args_of(*info) == args);
}

// The table's entry for `nr`, found by number and by name.
void check_entry(const SyscallTable& t, int nr, const std::string& name, const Args& args) {
  INFO("syscall " << nr);
  const SyscallInfo* info = t.by_nr(nr);
  REQUIRE(info != nullptr);
  CHECK(info->nr == nr);
  CHECK(info->name == name);
  CHECK(info->args_known);
  CHECK(args_of(*info) == args);
  CHECK(t.nr_of(name) == nr);
}

// A fresh directory laid out like tracefs's events/syscalls, removed at the end of the test.
class FakeEventsDir {
 public:
  FakeEventsDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sysray-tracefs-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~FakeEventsDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  void add(const std::string& event, const std::string& format_text) const {
    std::filesystem::create_directory(path_ / event);
    std::ofstream(path_ / event / "format") << format_text;
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace

TEST_CASE("syscall table: builtin() has x86_64's numbers", "[syscall_table]") {
  const SyscallTable t = SyscallTable::builtin();
  CHECK(t.source() == "builtin");
  CHECK(t.nr_of("read") == 0);
  CHECK(t.nr_of("write") == 1);
  CHECK(t.nr_of("bind") == 49);
  CHECK(t.nr_of("getppid") == 110);
  CHECK(t.nr_of("exit_group") == 231);
  CHECK(t.nr_of("openat") == 257);
  CHECK_FALSE(t.nr_of("nosuchcall"));
  CHECK_FALSE(t.nr_of(""));

  REQUIRE(t.by_nr(49) != nullptr);
  CHECK(t.by_nr(49)->name == "bind");
  CHECK(t.by_nr(49)->nr == 49);
  REQUIRE(t.by_nr(231) != nullptr);
  CHECK(t.by_nr(231)->name == "exit_group");
  CHECK(t.by_nr(-1) == nullptr);
  CHECK(t.by_nr(100000) == nullptr);
  // Linux 6.1 headers end at 450 (set_mempolicy_home_node); 335 is unused on x86_64 up to 6.10.
  CHECK(t.size() > 350);
  CHECK(t.all().size() > 450);
}

TEST_CASE("syscall table: add() replaces the entry of a number", "[syscall_table]") {
  SyscallTable t;
  CHECK(t.size() == 0);
  t.add(SyscallInfo{7, "old", {}, false});
  t.add(SyscallInfo{7, "new", {}, false});
  t.add(SyscallInfo{-1, "ignored", {}, false});
  CHECK(t.size() == 1);
  REQUIRE(t.by_nr(7) != nullptr);
  CHECK(t.by_nr(7)->name == "new");
  CHECK(t.nr_of("new") == 7);
  CHECK_FALSE(t.nr_of("old"));
  CHECK_FALSE(t.nr_of("ignored"));
  CHECK(t.by_nr(6) == nullptr);  // a gap
  CHECK(t.all().size() == 8);
  CHECK(t.all()[6].nr == -1);
}

TEST_CASE("parse_tracefs_format: real format files", "[syscall_table]") {
  check_parsed(kBindFormat, "bind", kBindArgs);
  check_parsed(kOpenatFormat, "openat", kOpenatArgs);
  check_parsed(kGetppidFormat, "getppid", {});
  check_parsed(kSendfile64Format, "sendfile64", kSendfileArgs);  // renamed by from_tracefs()
}

TEST_CASE("parse_tracefs_format: text that is no format", "[syscall_table]") {
  CHECK_FALSE(parse_tracefs_format(""));
  CHECK_FALSE(parse_tracefs_format("not a format file\n"));
  // An exit event is not a syscall's entry.
  CHECK_FALSE(parse_tracefs_format("name: sys_exit_bind\nID: 2237\nformat:\n"));
}

TEST_CASE("from_tracefs: a directory of format files", "[syscall_table]") {
  FakeEventsDir dir;
  dir.add("sys_enter_bind", kBindFormat);
  dir.add("sys_enter_openat", kOpenatFormat);
  dir.add("sys_exit_bind", "name: sys_exit_bind\nID: 2237\nformat:\n");  // not an enter event
  std::ofstream(dir.path() + "/enable") << "0\n";                          // not a directory

  const SyscallTable t = SyscallTable::from_tracefs(dir.path());
  CHECK(t.source() == "tracefs");
  CHECK(t.size() == 2);
  check_entry(t, 49, "bind", kBindArgs);
  check_entry(t, 257, "openat", kOpenatArgs);
  CHECK(t.by_nr(0) == nullptr);  // read has no format file here
  CHECK_FALSE(t.nr_of("read"));
}

TEST_CASE("from_tracefs: tracefs's kernel names become unistd names", "[syscall_table]") {
  FakeEventsDir dir;
  dir.add("sys_enter_sendfile64", kSendfile64Format);
  const SyscallTable t = SyscallTable::from_tracefs(dir.path());
  CHECK(t.size() == 1);
  check_entry(t, 40, "sendfile", kSendfileArgs);
  CHECK_FALSE(t.nr_of("sendfile64"));
}

TEST_CASE("from_tracefs: a missing directory gives an empty table", "[syscall_table]") {
  const SyscallTable t = SyscallTable::from_tracefs("/nonexistent/sysray/events/syscalls");
  CHECK(t.size() == 0);
  CHECK(t.by_nr(0) == nullptr);
  CHECK_FALSE(t.nr_of("read"));
}
