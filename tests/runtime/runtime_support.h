// Shared pieces of the runtime tests: where the binaries are, running sysray, and reading its
// text and JSON output. The tests need root and the running kernel; the binary's main() refuses
// to run otherwise rather than skip.
//
// Paths: $SYSRAY_BIN (default <build>/sysray) and $SYSRAY_WORKLOADS (default <build>/workloads),
// where <build> is the CMake build directory (compile definition SYSRAY_BUILD_DIR). Timeouts are
// multiplied by $SYSRAY_TEST_TIMEOUT_SCALE (default 1; e.g. 4 under QEMU without KVM).
#pragma once
#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <functional>
#include <string>
#include <vector>

#include "run_process.h"

namespace sysray::test {

using json = nlohmann::json;

std::string sysray_bin();
std::string workloads_dir();
std::string workload(const std::string& name);  // full path of build/workloads/NAME

// `timeout` times $SYSRAY_TEST_TIMEOUT_SCALE.
milliseconds scaled(milliseconds timeout);

// For a long-running workload that writes its pid and a newline on stdout once it is ready for a
// tracer (wait_for_signal, udp_tcp_counts ... wait): true when that line came within `timeout`
// (scaled).
bool wait_ready(Process& target, milliseconds timeout = std::chrono::seconds(10));

// Asks `ready()` every 20 ms until it says true or `timeout` (scaled) passes; its last answer.
bool poll_until(const std::function<bool()>& ready, milliseconds timeout);

// Runs build/sysray with `args` (e.g. {"trace", "--", workload("x")}) to completion.
ProcessResult run_sysray(const std::vector<std::string>& args,
                         milliseconds timeout = std::chrono::seconds(60));

// `sysray features --json`, run once per test binary (Catch2 assertions: it must succeed).
const json& kernel_features_json();

// One line of the text output: "[pid %5u] BODY". `duration` is set (and cut off the body)
// when the line ends with a -T duration " <S.UUUUUU>".
struct TraceLine {
  pid_t tid = 0;
  std::string body;
  std::optional<double> duration;
};

struct Trace {
  std::vector<TraceLine> lines;        // syscalls
  std::vector<TraceLine> notices;      // "+++ exited with 0 +++", "--- SIGCHLD {...} ---"
  std::vector<std::string> malformed;  // lines without a well-formed "[pid %5u] " prefix

  // The tid of the first line: with `-- CMD`, the command's (its execve comes first).
  pid_t first_tid() const { return lines.empty() ? 0 : lines.front().tid; }
  std::vector<std::string> bodies(pid_t tid) const;
  std::vector<std::string> bodies() const;
  std::vector<std::string> notice_bodies(pid_t tid) const;
  size_t count(pid_t tid, const std::string& body) const;
  // The whole trace as text again, for failure messages.
  std::string dump() const;
};

Trace parse_trace(const std::string& text);
// The same for a `trace -o FILE` file, written as strace writes its files: "4242  " before
// each line with -f or -p, nothing without (tid 0), and "= " aligned at column 40 (undone here:
// the bodies read as on stdout). Lines in stdout's form are malformed there.
Trace parse_trace_file(const std::string& text);

// "" when every line of `expected` appears among tid's bodies, in this order (other lines may
// come between); otherwise which one is missing and what tid's lines are.
std::string missing_in_order(const Trace& trace, pid_t tid, const std::vector<std::string>& expected);

// Parses every line of `text` as JSON; a line that does not parse becomes a failure message in
// `*error` (and is skipped).
std::vector<json> parse_json_lines(const std::string& text, std::string* error);
// The objects with "type" == type and, when given, "syscall" == name.
std::vector<json> select(const std::vector<json>& events, const std::string& type,
                         const std::string& name = "");

// For a run that must succeed (Catch2 assertions): not timed out, exit 0, nothing on stderr.
void require_clean_exit(const ProcessResult& r);
// The same, and the output well-formed and not empty. Returns the parsed output.
Trace clean_trace(const ProcessResult& r);
std::vector<json> clean_json(const ProcessResult& r);

// The lines of `trace` (any tid) whose body matches `re` as a whole.
std::vector<TraceLine> matching(const Trace& trace, const std::regex& re);
// `s` with the regex special characters escaped.
std::string regex_escape(const std::string& s);

// strace's rendering of 127.0.0.1:port and [::1]:port.
std::string sin4(int port);
std::string sin6(int port);
// sysray's JSON for the same addresses.
json json_sin4(int port);
json json_sin6(int port);

// The lines of `text` (without their '\n'; a last line without '\n' counts too).
std::vector<std::string> split_lines(const std::string& text);

// A fresh directory under /tmp, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

}  // namespace sysray::test
