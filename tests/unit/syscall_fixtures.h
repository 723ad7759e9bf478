// Events and a decoder for the decoder and sink tests: syscalls with their x86_64 numbers and
// tracefs signatures, and events filled the way the BPF side fills records.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/syscall.h>

#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "decode/arg_decoder.h"
#include "decode/builtin_signatures.h"
#include "decode/syscall_table.h"
#include "format/json_format.h"
#include "format/text_format.h"
#include "trace/syscall_event.h"

namespace sysray::test {

inline const decode::ArgDecoder& decoder() {
  static const decode::ArgDecoder d = [] {
    decode::SyscallTable table;
    const std::pair<int, const char*> known[] = {
        {SYS_read, "read"},         {SYS_write, "write"},       {SYS_openat, "openat"},
        {SYS_bind, "bind"},         {SYS_accept4, "accept4"},   {SYS_mmap, "mmap"},
        {SYS_sendto, "sendto"},     {SYS_recvfrom, "recvfrom"}, {SYS_sendmsg, "sendmsg"},
        {SYS_exit_group, "exit_group"}, {SYS_getppid, "getppid"}, {SYS_socket, "socket"},
        {SYS_execve, "execve"},     {SYS_brk, "brk"},
        {SYS_execveat, "execveat"}, {SYS_clone, "clone"},       {SYS_clone3, "clone3"},
        {SYS_setsockopt, "setsockopt"}, {SYS_getsockopt, "getsockopt"},
        {SYS_newfstatat, "newfstatat"}, {SYS_access, "access"}, {SYS_faccessat2, "faccessat2"},
        {SYS_unlinkat, "unlinkat"}, {SYS_wait4, "wait4"},
        {SYS_pipe, "pipe"},         {SYS_pipe2, "pipe2"},       {SYS_socketpair, "socketpair"},
        {SYS_fcntl, "fcntl"},       {SYS_lseek, "lseek"},       {SYS_flock, "flock"},
        {SYS_ioctl, "ioctl"},       {SYS_nanosleep, "nanosleep"}, {SYS_clock_nanosleep, "clock_nanosleep"},
        {SYS_clock_gettime, "clock_gettime"}, {SYS_epoll_ctl, "epoll_ctl"}, {SYS_epoll_wait, "epoll_wait"},
        {SYS_epoll_pwait, "epoll_pwait"},
        {SYS_madvise, "madvise"},   {SYS_arch_prctl, "arch_prctl"}, {SYS_prlimit64, "prlimit64"},
        {SYS_getrandom, "getrandom"}, {SYS_kill, "kill"},       {SYS_tgkill, "tgkill"},
        {SYS_rt_sigaction, "rt_sigaction"}, {SYS_rt_sigprocmask, "rt_sigprocmask"},
        {SYS_umask, "umask"},       {SYS_eventfd2, "eventfd2"}, {SYS_epoll_create1, "epoll_create1"},
        {SYS_futex, "futex"},       {SYS_dup3, "dup3"},         {SYS_shutdown, "shutdown"},
        {SYS_fstat, "fstat"},       {SYS_statx, "statx"},       {SYS_mkdir, "mkdir"},
        {SYS_rt_sigqueueinfo, "rt_sigqueueinfo"}, {SYS_waitid, "waitid"},
        {SYS_rt_sigreturn, "rt_sigreturn"}, {SYS_fchown, "fchown"},
    };
    for (auto [nr, name] : known) {
      auto info = decode::builtin_signature(name);
      if (!info) throw std::logic_error(std::string("no built-in signature for ") + name);
      info->nr = nr;
      table.add(*info);
    }
    return decode::ArgDecoder(table);
  }();
  return d;
}

inline SyscallEvent call(uint32_t nr, std::initializer_list<uint64_t> args, int64_t ret = 0) {
  SyscallEvent ev;
  ev.type = SR_REC_SYSCALL;
  ev.nr = nr;
  ev.pid = 4242;
  ev.tid = 4242;
  ev.comm = "server";
  ev.ts_ns = 5'000'000'000;
  ev.dur_ns = 11'000;
  size_t i = 0;
  for (uint64_t a : args) ev.args[i++] = a;
  ev.ret = ret;
  return ev;
}

inline void capture(SyscallEvent& ev, int slot, uint8_t read, std::string data,
                    uint32_t full_len, uint8_t flags = 0) {
  ev.cap[slot] = Capture{read, flags, full_len, std::move(data)};
}

// A path capture as bpf_probe_read_user_str() leaves it: NUL included in the length.
inline void capture_path(SyscallEvent& ev, int slot, const std::string& path) {
  capture(ev, slot, SR_READ_STRING, path + '\0', static_cast<uint32_t>(path.size() + 1));
}

inline std::string sockaddr_in_bytes(const char* ip, uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  inet_pton(AF_INET, ip, &sa.sin_addr);
  return std::string(reinterpret_cast<const char*>(&sa), sizeof(sa));
}

inline std::vector<decode::DecodedArg> decode_event(const SyscallEvent& ev) {
  std::vector<decode::DecodedArg> args;
  decoder().decode(ev, args);
  return args;
}

inline std::string int_bytes(int32_t v) {
  return std::string(reinterpret_cast<const char*>(&v), sizeof(v));
}

// The bytes of an object, as an SR_CAP_OBJ_* capture holds it.
template <typename T>
std::string object_bytes(const T& obj) {
  return std::string(reinterpret_cast<const char*>(&obj), sizeof(obj));
}

// One event as the JSON and text sinks write it.
inline std::string json_of(const SyscallEvent& ev) {
  fmt::memory_buffer buf;
  append_json_syscall(buf, ev, decode_event(ev), decoder().name(ev.nr), JsonOptions{0});
  return fmt::to_string(buf);
}

inline std::string line_of(const SyscallEvent& ev) {
  fmt::memory_buffer buf;
  append_syscall_line(buf, ev, decode_event(ev), decoder().name(ev.nr), TextOptions{});
  return fmt::to_string(buf);
}

// A blocked call's two lines: "<unfinished ...>" at its entry record, "<... resumed>" at its end.
inline std::string unfinished(const SyscallEvent& ev, const TextOptions& opts = {}) {
  fmt::memory_buffer buf;
  append_unfinished_line(buf, ev, decode_event(ev), decoder().name(ev.nr), opts);
  return fmt::to_string(buf);
}

inline std::string resumed(const SyscallEvent& ev, const TextOptions& opts = {}) {
  fmt::memory_buffer buf;
  append_resumed_line(buf, ev, decode_event(ev), decoder().name(ev.nr), opts);
  return fmt::to_string(buf);
}

inline std::vector<std::string> texts(const std::vector<decode::DecodedArg>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) out.push_back(a.text);
  return out;
}

constexpr uint64_t kStack = 0x7ffc1000;  // a user pointer
constexpr uint64_t kAtFdcwd = static_cast<uint64_t>(-100);

}  // namespace sysray::test
