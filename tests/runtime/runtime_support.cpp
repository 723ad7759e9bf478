#include "runtime_support.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <stdexcept>

#ifndef SYSRAY_BUILD_DIR
#error "SYSRAY_BUILD_DIR must name the CMake build directory"
#endif

namespace sysray::test {

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

}  // namespace

std::string sysray_bin() { return env_or("SYSRAY_BIN", std::string(SYSRAY_BUILD_DIR) + "/sysray"); }

std::string workloads_dir() {
  return env_or("SYSRAY_WORKLOADS", std::string(SYSRAY_BUILD_DIR) + "/workloads");
}

std::string workload(const std::string& name) { return workloads_dir() + "/" + name; }

milliseconds scaled(milliseconds timeout) {
  double scale = std::atof(env_or("SYSRAY_TEST_TIMEOUT_SCALE", "1").c_str());
  if (!(scale >= 1)) scale = 1;
  return milliseconds(static_cast<long long>(timeout.count() * scale));
}

bool wait_ready(Process& target, milliseconds timeout) {
  return target.wait_until([](const Process& p) { return p.out().find('\n') != std::string::npos; },
                           scaled(timeout));
}

bool poll_until(const std::function<bool()>& ready, milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + scaled(timeout);
  for (;;) {
    if (ready()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
}

ProcessResult run_sysray(const std::vector<std::string>& args, milliseconds timeout) {
  std::vector<std::string> argv{sysray_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, scaled(timeout));
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

namespace {

// One line's leader: "[pid  4242] " on stdout; "4242  " or nothing in a -o file. False when
// the line does not start as its source's lines do.
bool split_leader(const std::string& line, bool file, TraceLine& tl) {
  static const std::regex bracketed(R"(^\[pid +([0-9]+)\] (.*)$)");
  static const std::regex file_pid(R"(^([0-9]+) +(.*)$)");
  static const std::regex stdout_form(R"(^\[pid +[0-9]+\] .*)");
  std::smatch m;
  if (!file) {
    if (!std::regex_match(line, m, bracketed)) return false;
    tl.tid = static_cast<pid_t>(std::stol(m[1].str()));
    tl.body = m[2].str();
    // The prefix is exactly "[pid %5u] ": reject other widths.
    return line.compare(0, line.size() - tl.body.size(), fmt::format("[pid {:5}] ", tl.tid)) == 0;
  }
  if (std::regex_match(line, stdout_form)) return false;
  tl.tid = 0;
  tl.body = line;
  // Exactly strace's "%-5u ".
  if (std::regex_match(line, m, file_pid) &&
      line.compare(0, line.size() - m[2].length(), fmt::format("{:<5} ", m[1].str())) == 0) {
    tl.tid = static_cast<pid_t>(std::stol(m[1].str()));
    tl.body = m[2].str();
  }
  // "close(3)                                = 0" → "close(3) = 0": the last ") = " of the line.
  static const std::regex aligned(R"(^(.*\)) +(= .*)$)");
  if (std::regex_match(tl.body, m, aligned)) tl.body = m[1].str() + " " + m[2].str();
  return true;
}

Trace parse_lines(const std::string& text, bool file) {
  static const std::regex duration(R"(^(.*) <([0-9]+\.[0-9]{6})>$)");
  Trace trace;
  for (const auto& line : split_lines(text)) {
    TraceLine tl;
    if (!split_leader(line, file, tl)) {
      trace.malformed.push_back(line);
      continue;
    }
    std::smatch d;
    if (std::regex_match(tl.body, d, duration)) {
      tl.duration = std::stod(d[2].str());
      tl.body = d[1].str();
    }
    static const std::regex notice_body(R"(^([0-9:.]+ )?(\+\+\+|---) .*)");  // after -t/-tt
    bool notice = std::regex_match(tl.body, notice_body);
    (notice ? trace.notices : trace.lines).push_back(std::move(tl));
  }
  return trace;
}

}  // namespace

Trace parse_trace(const std::string& text) { return parse_lines(text, false); }
Trace parse_trace_file(const std::string& text) { return parse_lines(text, true); }

std::vector<std::string> Trace::bodies(pid_t tid) const {
  std::vector<std::string> out;
  for (const auto& l : lines)
    if (l.tid == tid) out.push_back(l.body);
  return out;
}

std::vector<std::string> Trace::notice_bodies(pid_t tid) const {
  std::vector<std::string> out;
  for (const auto& l : notices)
    if (l.tid == tid) out.push_back(l.body);
  return out;
}

std::vector<std::string> Trace::bodies() const {
  std::vector<std::string> out;
  for (const auto& l : lines) out.push_back(l.body);
  return out;
}

size_t Trace::count(pid_t tid, const std::string& body) const {
  size_t n = 0;
  for (const auto& l : lines) n += l.tid == tid && l.body == body;
  return n;
}

std::string Trace::dump() const {
  std::string text;
  for (const auto& l : lines) {
    text += fmt::format("[pid {:5}] {}", l.tid, l.body);
    if (l.duration) text += fmt::format(" <{:.6f}>", *l.duration);
    text += '\n';
  }
  for (const auto& n : notices) text += fmt::format("NOTICE: [pid {:5}] {}\n", n.tid, n.body);
  for (const auto& m : malformed) text += "MALFORMED: " + m + '\n';
  return text;
}

std::string missing_in_order(const Trace& trace, pid_t tid, const std::vector<std::string>& expected) {
  auto have = trace.bodies(tid);
  size_t at = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    while (at < have.size() && have[at] != expected[i]) ++at;
    if (at == have.size()) {
      std::string msg = fmt::format("expected line {} of {} for tid {} not found (in this order):\n  {}\n"
                                    "lines of tid {}:\n",
                                    i + 1, expected.size(), tid, expected[i], tid);
      for (const auto& h : have) msg += "  " + h + '\n';
      if (!trace.malformed.empty()) msg += "malformed lines:\n";
      for (const auto& m : trace.malformed) msg += "  " + m + '\n';
      return msg;
    }
    ++at;
  }
  return "";
}

const json& kernel_features_json() {
  static const json f = [] {
    auto r = run_sysray({"features", "--json"});
    INFO(r.describe());
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
  }();
  return f;
}

void require_clean_exit(const ProcessResult& r) {
  INFO(r.describe());
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err == "");
}

Trace clean_trace(const ProcessResult& r) {
  require_clean_exit(r);
  INFO(r.describe());
  Trace t = parse_trace(r.out);
  CHECK(t.malformed.empty());
  REQUIRE_FALSE(t.lines.empty());
  return t;
}

std::vector<json> clean_json(const ProcessResult& r) {
  require_clean_exit(r);
  INFO(r.describe());
  std::string error;
  auto events = parse_json_lines(r.out, &error);
  CHECK(error == "");
  REQUIRE_FALSE(events.empty());
  return events;
}

std::vector<TraceLine> matching(const Trace& trace, const std::regex& re) {
  std::vector<TraceLine> out;
  for (const auto& l : trace.lines)
    if (std::regex_match(l.body, re)) out.push_back(l);
  return out;
}

std::string regex_escape(const std::string& s) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(s, special, R"(\$&)");
}

std::vector<json> parse_json_lines(const std::string& text, std::string* error) {
  std::vector<json> out;
  for (const auto& line : split_lines(text)) {
    try {
      out.push_back(json::parse(line));
    } catch (const json::exception& e) {
      *error += fmt::format("not JSON: {} ({})\n", line, e.what());
    }
  }
  return out;
}

std::vector<json> select(const std::vector<json>& events, const std::string& type, const std::string& name) {
  std::vector<json> out;
  for (const auto& e : events) {
    if (!e.is_object() || e.value("type", "") != type) continue;
    if (!name.empty() && e.value("syscall", "") != name) continue;
    out.push_back(e);
  }
  return out;
}

std::string sin4(int port) {
  return fmt::format(R"({{sa_family=AF_INET, sin_port=htons({}), sin_addr=inet_addr("127.0.0.1")}})", port);
}

std::string sin6(int port) {
  return fmt::format(
      R"({{sa_family=AF_INET6, sin6_port=htons({}), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}})",
      port);
}

json json_sin4(int port) { return {{"family", "AF_INET"}, {"addr", "127.0.0.1"}, {"port", port}}; }
json json_sin6(int port) { return {{"family", "AF_INET6"}, {"addr", "::1"}, {"port", port}}; }

TempDir::TempDir() {
  char tmpl[] = "/tmp/sysray-rt-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace sysray::test
