// Writes the seed corpus of every fuzz target (tests/fuzz/corpus/TARGET/NAME): records and
// captures as the BPF side fills them for everyday calls (the unit tests' fixtures), Go tables
// of each layout (alone and in a tiny ELF file), and trace --json lines. Seeds only need to reach the interesting code quickly;
// libFuzzer mutates from there. Run `scripts/fuzz.sh --seeds` after a record layout changes.
//
// Usage: sysray-fuzz-seeds CORPUS_DIR
#include <arpa/inet.h>
#include <elf.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "decode/kernel_structs.h"
#include "fixtures/go_pclntab_builder.h"
#include "syscall_fixtures.h"

namespace {

using namespace sysray;
using test::call;
using test::capture;
// An object's bytes, as a capture or a record holds it.
constexpr auto raw = [](const auto& v) { return test::object_bytes(v); };
namespace fs = std::filesystem;

fs::path g_corpus;

void write_seed(const std::string& target, const std::string& name, const std::string& bytes) {
  fs::path dir = g_corpus / target;
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

// A capture as fuzz_support.h's take_capture reads it: flags, full length, bytes.
std::string capture_input(const std::string& bytes, uint8_t flags = 0) {
  return raw(flags) + raw(static_cast<uint32_t>(bytes.size())) + bytes;
}

// One event as the BPF side writes its record: header, then each capture's bytes, padded to 8.
std::string record(const SyscallEvent& ev) {
  sr_syscall_record r{};
  r.type = ev.type;
  r.nr = ev.nr;
  r.ts_ns = ev.ts_ns;
  r.dur_ns = ev.dur_ns;
  r.seq = ev.seq;
  r.pid = ev.pid;
  r.tid = ev.tid;
  std::snprintf(r.comm, sizeof(r.comm), "%s", ev.comm.c_str());
  std::memcpy(r.args, ev.args, sizeof(r.args));
  r.ret = ev.ret;
  r.flags = ev.flags;
  r.stack_id = ev.stack_id;
  std::string data;
  for (int i = 0; i < SR_MAX_CAPTURES; ++i) {
    r.cap[i] = {static_cast<__u16>(ev.cap[i].data.size()), ev.cap[i].read, ev.cap[i].flags,
                ev.cap[i].full_len};
    data += ev.cap[i].data;
  }
  std::string out = raw(r) + data;
  out.resize(SR_RECORD_ALIGN(out.size()), '\0');
  return out;
}

std::string sockaddr_in6_bytes(const char* ip, uint16_t port) {
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  sa.sin6_port = htons(port);
  inet_pton(AF_INET6, ip, &sa.sin6_addr);
  return raw(sa);
}

std::string sockaddr_un_bytes(const std::string& path) {
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::memcpy(sa.sun_path, path.data(), path.size());  // abstract names start with a NUL
  return raw(sa).substr(0, offsetof(sockaddr_un, sun_path) + path.size() + 1);
}

// argv as SR_READ_ARGV stores it: per element a flag byte (1: cut), the bytes, a NUL.
std::string argv_bytes(std::initializer_list<const char*> args) {
  std::string out;
  for (const char* a : args) out += std::string(1, '\0') + a + std::string(1, '\0');
  return out;
}

std::string siginfo_bytes(int signo, int code, pid_t pid) {
  siginfo_t si{};
  si.si_signo = signo;
  si.si_code = code;
  si.si_pid = pid;
  return raw(si).substr(0, SR_KERNEL_SIGINFO_SIZE);
}

void record_seeds() {
  SyscallEvent bind = call(SYS_bind, {3, 0x7ffd0000, 16}, -98);
  capture(bind, 0, SR_READ_BYTES, test::sockaddr_in_bytes("127.0.0.1", 3001), 16);
  write_seed("fuzz_record", "bind_eaddrinuse", record(bind));

  SyscallEvent open = call(SYS_openat, {uint64_t(-100), 0x7ffd0000, 0x80000}, 3);
  test::capture_path(open, 0, "/etc/hosts");
  SyscallEvent read = call(SYS_read, {3, 0x7ffd1000, 4096}, 12);
  capture(read, 0, SR_READ_BYTES, "127.0.0.1 a\n", 12);
  write_seed("fuzz_record", "openat_read_batch", record(open) + record(read));

  SyscallEvent exec = call(SYS_execve, {0x7ffd0000, 0x7ffd1000, 0x7ffd2000}, 0);
  test::capture_path(exec, 0, "/bin/true");
  capture(exec, 1, SR_READ_ARGV, argv_bytes({"true", "--version"}), 23);
  write_seed("fuzz_record", "execve", record(exec));

  // A call that blocked: its enter record, then its exit flagged resumed.
  SyscallEvent enter = call(SYS_recvfrom, {3, 0x7ffd0000, 1500, 0, 0x7ffd1000, 0x7ffd2000});
  enter.type = SR_REC_SYSCALL_ENTER;
  SyscallEvent exit = call(SYS_recvfrom, {3, 0x7ffd0000, 1500, 0, 0x7ffd1000, 0x7ffd2000}, 4);
  exit.flags = SR_F_RESUMED;
  capture(exit, 0, SR_READ_BYTES, "ping", 4);
  capture(exit, 1, SR_READ_BYTES, test::sockaddr_in_bytes("10.0.0.1", 53), 16);
  write_seed("fuzz_record", "recvfrom_blocked", record(enter) + record(exit));

  SyscallEvent sig = call(0, {SIGCHLD});
  sig.type = SR_REC_SIGNAL;
  capture(sig, 0, SR_READ_BYTES, siginfo_bytes(SIGCHLD, CLD_EXITED, 4243), SR_KERNEL_SIGINFO_SIZE);
  SyscallEvent died = call(0, {}, SIGSEGV | 0x80);
  died.type = SR_REC_THREAD_EXIT;
  write_seed("fuzz_record", "signal_and_exit", record(sig) + record(died));

  sr_stack_record stack{};
  stack.type = SR_REC_USER_STACK;
  stack.stack_id = 1;
  stack.pid = stack.tid = 4242;
  stack.len = 16;
  stack.regs[16] = 0x401000;  // ip
  write_seed("fuzz_record", "user_stack", raw(stack) + std::string(16, '\x01'));
}

void socket_record_seeds() {
  sr_socket_record r{};
  r.type = SR_REC_SOCKET;
  r.event = SR_SOCK_BIND;
  r.nr = SYS_bind;
  r.pid = r.tid = 4242;
  std::snprintf(r.comm, sizeof(r.comm), "server");
  r.ret = -98;
  r.fd = 3;
  r.id = {AF_INET, SOCK_DGRAM, IPPROTO_UDP, 3001, 0, 0, {127, 0, 0, 1}, {}};
  write_seed("fuzz_socket_record", "bind_udp", raw(r));
  r.event = SR_SOCK_SEND;
  r.nr = SYS_sendto;
  r.ret = 4;
  r.id = {AF_INET6, SOCK_STREAM, IPPROTO_TCP, 41234, 80, 0, {}, {}};
  r.id.laddr[15] = r.id.raddr[15] = 1;
  r.payload_len = r.payload_full = 4;
  write_seed("fuzz_socket_record", "send_tcp6_payload", raw(r) + "GET ");
}

void sockaddr_seeds() {
  auto seed = [](const std::string& name, bool msghdr, const std::string& sa) {
    write_seed("fuzz_sockaddr", name, std::string(1, msghdr) + capture_input(sa));
  };
  seed("inet", false, test::sockaddr_in_bytes("127.0.0.1", 3001));
  seed("inet6", false, sockaddr_in6_bytes("::1", 3001));
  seed("unix_path", false, sockaddr_un_bytes("/run/x.sock"));
  seed("unix_abstract", true, sockaddr_un_bytes(std::string(1, '\0') + "abstract"));
  sockaddr_nl nl{};
  nl.nl_family = AF_NETLINK;
  nl.nl_groups = 1;
  seed("netlink", true, raw(nl));
}

void struct_seeds() {
  // The first byte picks fuzz_structs.cpp's renderer, in its kRenderers order.
  auto seed = [](const std::string& name, uint8_t which, const std::string& obj) {
    write_seed("fuzz_structs", name, std::string(1, char(which)) + capture_input(obj));
  };
  seed("rlimit", 0, raw(decode::Rlimit64{8 << 20, RLIM_INFINITY}));
  seed("sigset", 1, raw(uint64_t{1} << (SIGCHLD - 1)));
  seed("sigaction", 2, raw(decode::KernelSigaction{0x401000, SA_RESTART | SA_SIGINFO, 0x401100, 0}));
  struct stat st{};
  st.st_mode = S_IFREG | 0644;
  st.st_size = 1234;
  seed("stat", 3, raw(st));
  seed("timespec", 5, raw(decode::KernelTimespec{1, 500000000}));
  seed("wait_status", 6, raw(int{0x0100}));
  seed("fd_pair", 7, raw(std::array<int, 2>{3, 4}));
}

void string_seeds() {
  write_seed("fuzz_strings", "path", std::string(1, 1) + capture_input(std::string("/etc/passwd") + '\0'));
  write_seed("fuzz_strings", "buffer", std::string(1, 0) + capture_input("hello\n\t\x1b[0m\x7f\xff\0" "01"));
  write_seed("fuzz_strings", "cut", std::string(1, 0) + capture_input("abcdef", SR_CAPF_TRUNCATED));
}

void siginfo_seeds() {
  auto seed = [](const std::string& name, int signo, int code) {
    write_seed("fuzz_siginfo", name, std::string(1, char(signo)) + capture_input(siginfo_bytes(signo, code, 4243)));
  };
  seed("sigchld_exited", SIGCHLD, CLD_EXITED);
  seed("sigsegv_maperr", SIGSEGV, SEGV_MAPERR);
  seed("sigusr1_kill", SIGUSR1, SI_USER);
  seed("sigalrm_timer", SIGALRM, SI_TIMER);
}

void exec_args_seeds() {
  write_seed("fuzz_exec_args", "ls", capture_input(argv_bytes({"ls", "-l", "/tmp"})));
  std::string cut = argv_bytes({"sh", "-c"});
  cut += std::string(1, '\1') + "a long command line cut at -s" + '\0';
  write_seed("fuzz_exec_args", "cut_and_more", capture_input(cut, SR_CAPF_TRUNCATED | SR_CAPF_CAPPED));
}

void gopclntab_seeds() {
  const std::vector<test::CraftedFunc> funcs = {
      {"main.main", 0x401000, 0x40, 10},
      {"main.(*T).M", 0x401040, 0x60, 20},
      {"runtime.goexit", 0x4010a0, 0x20, 30},
  };
  auto seed = [&](const std::string& name, uint32_t magic, bool header_text, uint64_t text_start) {
    auto b = test::CraftedTable(magic, 0x401000, funcs, header_text).bytes();
    write_seed("fuzz_gopclntab", name, raw(text_start) + std::string(b.begin(), b.end()));
  };
  seed("go1.2", 0xfffffffb, true, 0);
  seed("go1.16", 0xfffffffa, true, 0);
  seed("go1.18", 0xfffffff0, true, 0);
  seed("go1.20", 0xfffffff1, true, 0);
  seed("go1.20_pie_no_text_start", 0xfffffff1, false, 0x401000);
}

// A minimal x86_64 executable around a Go table: one R+X segment where the crafted functions
// are (0x401000..), one read-only segment holding the table, and, `with_sections`, the section
// headers naming it .gopclntab (without them load() finds it by its header signature).
std::string tiny_go_elf(const std::vector<uint8_t>& table, bool with_sections) {
  constexpr uint64_t kTableAt = 0x1000;  // file offset, aligned as Go aligns the header
  const char shstrtab[] = "\0.gopclntab\0.shstrtab";
  const uint64_t strtab_at = kTableAt + table.size();
  const uint64_t shoff = (strtab_at + sizeof(shstrtab) + 7) & ~7ull;
  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = EM_X86_64;
  eh.e_version = EV_CURRENT;
  eh.e_entry = 0x401000;
  eh.e_phoff = sizeof(Elf64_Ehdr);
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_phentsize = sizeof(Elf64_Phdr);
  eh.e_phnum = 2;
  if (with_sections) {
    eh.e_shoff = shoff;
    eh.e_shentsize = sizeof(Elf64_Shdr);
    eh.e_shnum = 3;
    eh.e_shstrndx = 2;
  }
  Elf64_Phdr text{PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x400000, kTableAt, 0x2000, 0x1000};
  Elf64_Phdr rodata{PT_LOAD, PF_R, kTableAt, 0x600000, 0x600000, table.size(), table.size(), 0x1000};
  std::string out = raw(eh) + raw(text) + raw(rodata);
  out.resize(kTableAt, '\0');
  out.append(table.begin(), table.end());
  out.append(shstrtab, sizeof(shstrtab));
  if (!with_sections) return out;
  out.resize(shoff, '\0');
  Elf64_Shdr null{}, pclntab{}, names{};
  pclntab = {1, SHT_PROGBITS, SHF_ALLOC, 0x600000, kTableAt, table.size(), 0, 0, 8, 0};
  names = {12, SHT_STRTAB, 0, 0, strtab_at, sizeof(shstrtab), 0, 0, 1, 0};
  return out + raw(null) + raw(pclntab) + raw(names);
}

void go_elf_seeds() {
  const std::vector<test::CraftedFunc> funcs = {{"main.main", 0x401000, 0x40, 10},
                                                {"runtime.goexit", 0x401040, 0x20, 20}};
  auto table = test::CraftedTable(0xfffffff1, 0x401000, funcs).bytes();
  write_seed("fuzz_go_elf", "go1.20_section", tiny_go_elf(table, true));
  write_seed("fuzz_go_elf", "go1.20_signature_only", tiny_go_elf(table, false));
}

void export_jsonl_seeds() {
  fmt::memory_buffer buf;
  SyscallEvent bind = call(SYS_bind, {3, 0x7ffd0000, 16}, -98);
  capture(bind, 0, SR_READ_BYTES, test::sockaddr_in_bytes("127.0.0.1", 3001), 16);
  append_json_syscall(buf, bind, test::decode_event(bind), "bind", {});
  SyscallEvent exit = call(SYS_exit_group, {0});
  exit.flags = SR_F_NO_RETURN;
  append_json_syscall(buf, exit, test::decode_event(exit), "exit_group", {});
  write_seed("fuzz_export_jsonl", "trace", fmt::to_string(buf));
  write_seed("fuzz_export_jsonl", "stack_and_socket",
             R"({"type":"syscall","ts_ns":1,"pid":1,"tid":1,"comm":"a","syscall":"openat","args":[],"ret":3,"dur_ns":5,"stack":[{"addr":"0x1","object":"/bin/a","offset":"0x1","symbol":"main","symbol_offset":1},{"addr":"0x2"}]})"
             "\n"
             R"({"type":"socket","ts_ns":2,"pid":1,"tid":1,"comm":"a","event":"bind","fd":3,"proto":"udp","local":{"addr":"127.0.0.1","port":3001},"ret":0})"
             "\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: sysray-fuzz-seeds CORPUS_DIR\n";
    return 2;
  }
  g_corpus = argv[1];
  record_seeds();
  socket_record_seeds();
  sockaddr_seeds();
  struct_seeds();
  string_seeds();
  siginfo_seeds();
  exec_args_seeds();
  gopclntab_seeds();
  go_elf_seeds();
  export_jsonl_seeds();
  return 0;
}
