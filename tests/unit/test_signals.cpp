// Signals and thread ends: siginfo decoding (checked against strace 6.1's lines for the same
// signals), the "--- SIG ---" and "+++ ... +++" lines and their JSON objects.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>

#include <string>

#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "syscall_fixtures.h"

using namespace sysray;
using namespace sysray::test;

namespace {

// The first SR_KERNEL_SIGINFO_SIZE bytes of glibc's siginfo_t: the kernel's layout on x86_64.
std::string siginfo_bytes(const siginfo_t& si) {
  return std::string(reinterpret_cast<const char*>(&si), SR_KERNEL_SIGINFO_SIZE);
}

siginfo_t siginfo(int signo, int code) {
  siginfo_t si{};
  si.si_signo = signo;
  si.si_code = code;
  return si;
}

SyscallEvent signal_event(const siginfo_t& si) {
  SyscallEvent ev = call(0, {static_cast<uint64_t>(si.si_signo)});
  ev.type = SR_REC_SIGNAL;
  ev.dur_ns = 0;
  capture(ev, 0, SR_READ_BYTES, siginfo_bytes(si), SR_KERNEL_SIGINFO_SIZE);
  return ev;
}

SyscallEvent exit_event(int status) {
  SyscallEvent ev = call(0, {}, status);
  ev.type = SR_REC_THREAD_EXIT;
  ev.dur_ns = 0;
  return ev;
}

decode::DecodedArg decoded_siginfo(const SyscallEvent& ev) {
  decode::DecodedArg out;
  decode::reset_arg(out);
  decode::render_siginfo(ev.cap[0], 0, out);
  return out;
}

std::string signal_line(const siginfo_t& si) {
  SyscallEvent ev = signal_event(si);
  fmt::memory_buffer buf;
  append_signal_line(buf, ev, decoded_siginfo(ev), TextOptions{});
  return fmt::to_string(buf);
}

std::string signal_json(const siginfo_t& si) {
  SyscallEvent ev = signal_event(si);
  fmt::memory_buffer buf;
  append_json_signal(buf, ev, decoded_siginfo(ev), JsonOptions{0});
  return fmt::to_string(buf);
}

std::string exit_line(int status) {
  fmt::memory_buffer buf;
  append_thread_exit_line(buf, exit_event(status), TextOptions{});
  return fmt::to_string(buf);
}

std::string exit_json(int status) {
  fmt::memory_buffer buf;
  append_json_thread_exit(buf, exit_event(status), JsonOptions{0});
  return fmt::to_string(buf);
}

}  // namespace

TEST_CASE("signals sent by a process: sender, and sigqueue's value", "[decoder][signals]") {
  siginfo_t si = siginfo(SIGUSR1, SI_USER);
  si.si_pid = 1123;
  si.si_uid = 1000;
  CHECK(signal_line(si) ==
        "[pid  4242] --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=1123, si_uid=1000} ---\n");
  si.si_code = SI_TKILL;
  CHECK(signal_line(si) ==
        "[pid  4242] --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=1123, si_uid=1000} ---\n");
  si.si_code = SI_QUEUE;
  si.si_value.sival_int = 42;
  CHECK(signal_line(si) == "[pid  4242] --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=1123, "
                           "si_uid=1000, si_int=42, si_ptr=0x2a} ---\n");
  CHECK(signal_json(si) ==
        R"({"type":"signal","ts_ns":5000000000,"pid":4242,"tid":4242,"comm":"server","signal":"SIGUSR1",)"
        R"("siginfo":{"si_signo":"SIGUSR1","si_code":"SI_QUEUE","si_pid":1123,"si_uid":1000,"si_int":42,"si_ptr":"0x2a"}})"
        "\n");
}

TEST_CASE("the kernel's signals: SIGCHLD, faults, the kernel itself, timers", "[decoder][signals]") {
  siginfo_t chld = siginfo(SIGCHLD, CLD_EXITED);
  chld.si_pid = 1124;
  chld.si_status = 3;
  chld.si_utime = 2;
  // CPU times in clock ticks (USER_HZ, 100 on x86_64), with strace's comment in seconds.
  CHECK(signal_line(chld) == "[pid  4242] --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1124, "
                             "si_uid=0, si_status=3, si_utime=2 /* 0.02 s */, si_stime=0} ---\n");
  chld.si_stime = 150;
  CHECK(signal_line(chld).find("si_stime=150 /* 1.50 s */}") != std::string::npos);
  chld.si_stime = 0;
  chld.si_code = CLD_DUMPED;
  chld.si_status = SIGSEGV;
  CHECK(signal_json(chld).find(R"("si_code":"CLD_DUMPED","si_pid":1124,"si_uid":0,"si_status":"SIGSEGV")") !=
        std::string::npos);

  siginfo_t segv = siginfo(SIGSEGV, SEGV_MAPERR);
  segv.si_addr = reinterpret_cast<void*>(0x10);
  CHECK(signal_line(segv) ==
        "[pid  4242] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---\n");
  segv.si_code = SI_KERNEL;
  segv.si_addr = nullptr;
  CHECK(signal_line(segv) ==
        "[pid  4242] --- SIGSEGV {si_signo=SIGSEGV, si_code=SI_KERNEL, si_addr=NULL} ---\n");

  // alarm(): the kernel sends it, with nobody's pid.
  CHECK(signal_line(siginfo(SIGALRM, SI_KERNEL)) ==
        "[pid  4242] --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---\n");

  siginfo_t timer = siginfo(SIGRTMIN, SI_TIMER);
  timer.si_timerid = 1;
  timer.si_overrun = 0;
  timer.si_value.sival_int = 0;
  CHECK(signal_line(timer) == "[pid  4242] --- SIGRT_2 {si_signo=SIGRT_2, si_code=SI_TIMER, si_timerid=0x1, "
                              "si_overrun=0, si_int=0, si_ptr=NULL} ---\n");  // glibc's SIGRTMIN is 34
}

TEST_CASE("an si_code without a name is a number; si_errno when set", "[decoder][signals]") {
  siginfo_t si = siginfo(SIGUSR2, 77);
  si.si_errno = EPERM;
  CHECK(signal_line(si) == "[pid  4242] --- SIGUSR2 {si_signo=SIGUSR2, si_code=77, si_errno=EPERM} ---\n");
  CHECK(signal_json(si).find(R"("si_code":77,"si_errno":"EPERM")") != std::string::npos);
}

TEST_CASE("siginfo in syscalls: rt_sigqueueinfo's at enter, waitid's at exit", "[decoder][signals]") {
  siginfo_t si = siginfo(SIGUSR1, SI_QUEUE);
  si.si_pid = 1123;
  si.si_value.sival_int = 42;
  auto queue = call(SYS_rt_sigqueueinfo, {1123, SIGUSR1, kStack}, 0);
  capture(queue, 0, SR_READ_BYTES, siginfo_bytes(si), SR_KERNEL_SIGINFO_SIZE);
  CHECK(line_of(queue) == "[pid  4242] rt_sigqueueinfo(1123, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, "
                          "si_pid=1123, si_uid=0, si_int=42, si_ptr=0x2a}) = 0\n");

  siginfo_t chld = siginfo(SIGCHLD, CLD_EXITED);
  chld.si_pid = 1124;
  auto wait = call(SYS_waitid, {P_PID, 1124, kStack, WEXITED, 0}, 0);
  capture(wait, 0, SR_READ_BYTES, siginfo_bytes(chld), SR_KERNEL_SIGINFO_SIZE);
  CHECK(texts(decode_event(wait))[2] == "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1124, si_uid=0, "
                                        "si_status=0, si_utime=0, si_stime=0}");
  CHECK(decode_event(wait)[2].at_exit);
  // Not readable (the call failed, or the memory faulted): the pointer, as strace prints it.
  wait.cap[0] = Capture{};
  CHECK(texts(decode_event(wait))[2] == "0x7ffc1000");
}

TEST_CASE("how a thread ended: exit status, killing signal, core dump", "[signals]") {
  CHECK(exit_line(0) == "[pid  4242] +++ exited with 0 +++\n");
  CHECK(exit_line(3 << 8) == "[pid  4242] +++ exited with 3 +++\n");
  CHECK(exit_line(SIGKILL) == "[pid  4242] +++ killed by SIGKILL +++\n");
  CHECK(exit_line(SIGSEGV | 0x80) == "[pid  4242] +++ killed by SIGSEGV (core dumped) +++\n");
  CHECK(exit_json(3 << 8) ==
        R"({"type":"exit","ts_ns":5000000000,"pid":4242,"tid":4242,"comm":"server","exit_code":3})" "\n");
  CHECK(exit_json(SIGSEGV | 0x80) ==
        R"({"type":"exit","ts_ns":5000000000,"pid":4242,"tid":4242,"comm":"server","killed_by":"SIGSEGV","core_dumped":true})"
        "\n");
}
