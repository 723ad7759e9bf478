// sysray inflight: a running process's threads, each with the call it is blocked in, how long,
// and its stacks, taken without stopping, signalling or attaching to the process. The workload
// (blocked_threads) has four threads parked in known calls; after the snapshot it is woken and
// must finish normally: a call interrupted by the snapshot would have failed with EINTR.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <signal.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "runtime_support.h"

using namespace sysray::test;
namespace fs = std::filesystem;

namespace {

// Each thread's state letter in /proc/PID/task/TID/stat (the field after the ")" of comm).
std::map<pid_t, char> thread_states(pid_t pid) {
  std::map<pid_t, char> out;
  std::string dir = "/proc/" + std::to_string(pid) + "/task";
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::string stat = read_file(dir + "/" + e->d_name + "/stat");
    auto close = stat.rfind(')');
    if (close != std::string::npos && close + 2 < stat.size())
      out[std::stoi(e->d_name)] = stat[close + 2];
  }
  closedir(d);
  return out;
}

std::string tracer_pid(pid_t pid) {
  std::smatch m;
  std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
  static const std::regex re(R"(TracerPid:\s*(\d+))");
  return std::regex_search(status, m, re) ? m[1].str() : "?";
}

// The blocked_threads workload, started and with all four threads asleep in their calls.
struct BlockedThreads {
  TempDir dir;
  Process proc{{workload("blocked_threads"), dir.file("fifo")}};
  pid_t pid = 0;

  BlockedThreads() {
    REQUIRE(wait_ready(proc));
    pid = proc.pid();
    REQUIRE(poll_until([&] {
      auto states = thread_states(pid);
      return states.size() == 4 &&
             std::all_of(states.begin(), states.end(), [](auto& s) { return s.second == 'S'; });
    }, std::chrono::seconds(10)));
  }

  // Wakes it; it must report both blocked calls completed and exit 0.
  void finish() {
    kill(pid, SIGUSR1);
    auto r = proc.wait(scaled(std::chrono::seconds(10)));
    INFO(r.describe());
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("reader got 1 byte\n") != std::string::npos);
    CHECK(r.out.find("opener opened\n") != std::string::npos);
  }
};

// "thread TID (comm) [...]" headers of a text snapshot.
std::vector<std::string> headers(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : split_lines(text))
    if (line.starts_with("thread ")) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("inflight names each blocked thread's call, wait and stacks; the process runs on",
          "[inflight]") {
  BlockedThreads w;
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  auto before = thread_states(w.pid);

  auto r = run_sysray({"inflight", "-p", std::to_string(w.pid)});
  auto lines = split_lines(r.out);
  auto all = headers(r.out);
  // The headers first: CI's summary keeps only a few lines of each failure's messages.
  INFO(fmt::format("headers:\n{}", fmt::join(all, "\n")));
  INFO(r.describe());
  require_clean_exit(r);
  REQUIRE(all.size() == 4);
  const std::string wait = R"(\d+\.\d{3} s\])";
  const std::string fifo = regex_escape(w.dir.file("fifo"));
  std::vector<std::regex> expected = {
      std::regex(R"(thread \d+ \(reader\) \[read, )" + wait + R"(: read\(3, \.\.\.\))"),
      std::regex(R"(thread \d+ \(opener\) \[openat, )" + wait + R"(: openat\(AT_FDCWD, ")" + fifo +
                 R"(", O_RDONLY\))"),
      std::regex(R"(thread \d+ \(sleeper\) \[clock_nanosleep, )" + wait +
                 R"(: clock_nanosleep\(CLOCK_REALTIME, 0, \{tv_sec=3600, tv_nsec=0\}, \.\.\.\))"),
      std::regex(R"(thread \d+ \(blocked_threads\) \[rt_sigtimedwait, )" + wait +
                 R"(: rt_sigtimedwait\(\[USR1\], .*)")};
  for (const auto& re : expected)
    CHECK(std::count_if(all.begin(), all.end(), [&](auto& h) { return std::regex_match(h, re); }) == 1);

  // Frames: the kernel's below the call, then the user stack down to the workload's functions.
  auto frames_of = [&](const std::string& comm) {
    std::vector<std::string> out;
    bool in = false;
    for (const auto& line : lines) {
      if (line.starts_with("thread ")) in = line.find("(" + comm + ")") != std::string::npos;
      else if (in && line.starts_with(" > ")) out.push_back(line);
    }
    return out;
  };
  auto has = [](const std::vector<std::string>& frames, const std::string& part) {
    return std::any_of(frames.begin(), frames.end(),
                       [&](auto& f) { return f.find(part) != std::string::npos; });
  };
  auto reader = frames_of("reader");
  CHECK(has(reader, " > [kernel] vfs_read+0x"));
  CHECK(has(reader, "/libc.so.6(read+0x"));
  CHECK(has(reader, "/blocked_threads(wait_for_input+0x"));
  CHECK(has(frames_of("sleeper"), "/blocked_threads(take_a_nap+0x"));
  CHECK(has(frames_of("opener"), "/blocked_threads(open_the_fifo+0x"));
  CHECK(has(frames_of("blocked_threads"), "/blocked_threads(main+0x"));

  // Nothing changed for the process: the same threads in the same states, not traced.
  CHECK(thread_states(w.pid) == before);
  CHECK(tracer_pid(w.pid) == "0");
  w.finish();
}

TEST_CASE("inflight --json: one thread object each, longest wait first", "[inflight]") {
  BlockedThreads w;
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  auto r = run_sysray({"inflight", "--json", "-p", std::to_string(w.pid)});
  auto threads = clean_json(r);
  REQUIRE(threads.size() == 4);
  uint64_t previous = UINT64_MAX;
  std::map<std::string, json> by_comm;
  for (const auto& t : threads) {
    CHECK(t["type"] == "thread");
    CHECK(t["pid"] == w.pid);
    CHECK(t["state"] == "sleeping");
    CHECK(t["on_cpu"] == false);
    uint64_t blocked = t["blocked_ns"];
    CHECK(blocked >= 900'000'000u);  // blocked before the 1 s sleep (the clock may be a tick old)
    CHECK(blocked <= previous);
    previous = blocked;
    CHECK(t["kernel_stack"].size() >= 2);
    by_comm[t["comm"]] = t;
  }
  REQUIRE(by_comm.count("reader") == 1);
  const json& reader = by_comm["reader"];
  CHECK(reader["syscall"] == "read");
  CHECK(reader["args"] == json::parse("[3,null,64]"));
  bool named = false;
  for (const auto& f : reader["stack"]) named |= f.value("symbol", "") == "wait_for_input";
  CHECK(named);
  bool kernel = false;
  for (const auto& f : reader["kernel_stack"]) kernel |= f.value("symbol", "") == "vfs_read";
  CHECK(kernel);
  REQUIRE(by_comm.count("opener") == 1);
  CHECK(by_comm["opener"]["args"] ==
        json::array({"AT_FDCWD", w.dir.file("fifo"), "O_RDONLY"}));
  w.finish();
}

TEST_CASE("inflight --min-wait keeps the threads blocked at least that long", "[inflight]") {
  BlockedThreads w;
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto none = run_sysray({"inflight", "--min-wait", "1h", "-p", std::to_string(w.pid)});
  INFO(none.describe());
  CHECK(none.exit_code == 0);
  CHECK(none.out == "");
  auto all = run_sysray({"inflight", "--min-wait", "500ms", "-p", std::to_string(w.pid)});
  INFO(all.describe());
  CHECK(headers(all.out).size() == 4);
  w.finish();
}

TEST_CASE("inflight -i takes a whole snapshot every interval, until SIGINT or -d", "[inflight]") {
  BlockedThreads w;
  auto readers = [](const std::string& out) {
    size_t n = 0;
    for (const auto& h : headers(out)) n += h.find("(reader)") != std::string::npos;
    return n;
  };
  {
    Process watcher({sysray_bin(), "inflight", "-i", "0.2", "-p", std::to_string(w.pid)});
    REQUIRE(watcher.wait_until([&](const Process& p) { return readers(p.out()) >= 3; },
                               scaled(std::chrono::seconds(20))));
    watcher.signal(SIGINT);
    auto r = watcher.wait(scaled(std::chrono::seconds(10)));
    INFO(r.describe());
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    // Every snapshot is whole: four threads each.
    CHECK(headers(r.out).size() == 4 * readers(r.out));
  }
  // -d ends it alone.
  auto r = run_sysray({"inflight", "-i", "0.2", "-d", "1", "-p", std::to_string(w.pid)},
                      std::chrono::seconds(30));
  INFO(r.describe());
  require_clean_exit(r);
  CHECK(readers(r.out) >= 1);
  w.finish();
}

TEST_CASE("inflight: bad input gets one line and a non-zero exit", "[inflight]") {
  auto missing = run_sysray({"inflight", "-p", "999999999"});
  INFO(missing.describe());
  CHECK(missing.exit_code == 1);
  CHECK(missing.err == "sysray: no such process: 999999999\n");
  auto no_pid = run_sysray({"inflight"});
  INFO(no_pid.describe());
  CHECK(no_pid.exit_code == 2);
  CHECK(no_pid.err.find("--pid is required") != std::string::npos);
  auto bad_wait = run_sysray({"inflight", "-p", "1", "--min-wait", "5parsecs"});
  INFO(bad_wait.describe());
  CHECK(bad_wait.exit_code == 2);
  CHECK(bad_wait.err ==
        "sysray: invalid --min-wait value '5parsecs': expected a duration such as 5s, 250ms, 2m or "
        "1h\n");
}

TEST_CASE("trace -p shows the calls the threads are already in, then their ends", "[inflight]") {
  BlockedThreads w;
  Process tracer({sysray_bin(), "trace", "-p", std::to_string(w.pid)});
  // The four calls in progress print as unfinished, as strace prints them at attach.
  REQUIRE(tracer.wait_until([](const Process& p) {
    return std::count(p.out().begin(), p.out().end(), '\n') >= 4;
  }, scaled(std::chrono::seconds(10))));
  w.finish();
  auto r = tracer.wait(scaled(std::chrono::seconds(10)));
  INFO(r.describe());
  CHECK(r.exit_code == 0);
  Trace t = parse_trace(r.out);
  INFO(t.dump());
  REQUIRE(t.lines.size() >= 8);
  const std::string fifo = regex_escape(w.dir.file("fifo"));
  std::vector<std::regex> at_attach = {
      std::regex(R"(read\(3,  <unfinished \.\.\.>)"),
      std::regex(R"(openat\(AT_FDCWD, ")" + fifo + R"(", O_RDONLY <unfinished \.\.\.>)"),
      std::regex(R"(clock_nanosleep\(CLOCK_REALTIME, 0, \{tv_sec=3600, tv_nsec=0\},  <unfinished \.\.\.>)"),
      std::regex(R"(rt_sigtimedwait\(\[USR1\],  <unfinished \.\.\.>)")};
  for (const auto& re : at_attach)
    CHECK(std::count_if(t.lines.begin(), t.lines.begin() + 4,
                        [&](auto& l) { return std::regex_match(l.body, re); }) == 1);
  auto count = [&](const std::string& body) {
    return std::count_if(t.lines.begin(), t.lines.end(), [&](auto& l) { return l.body == body; });
  };
  const std::regex sigtimedwait_end(
      R"(<\.\.\. rt_sigtimedwait resumed>\{si_signo=SIGUSR1, si_code=SI_USER, si_pid=[0-9]+, si_uid=0\}, NULL, 8\) = 10)");
  CHECK(std::count_if(t.lines.begin(), t.lines.end(),
                      [&](auto& l) { return std::regex_match(l.body, sigtimedwait_end); }) == 1);
  CHECK(count("<... read resumed>\"x\", 64) = 1") == 1);
  CHECK(count("<... openat resumed>) = 5") == 1);
}

namespace {

// One goroutine of Go's SIGQUIT dump: "goroutine 21 [syscall, 3 minutes]:" then pairs of
// lines, a function ("main.reader()", "syscall.Read(...)" when inlined) and its file:line.
struct DumpedGoroutine {
  std::string state;                 // the bracket's first item
  std::vector<std::string> frames;   // "function file:line", innermost first, inlined ones too
  std::vector<bool> inlined;
  std::string created_by;
};

std::map<uint64_t, DumpedGoroutine> parse_go_dump(const std::string& text) {
  std::map<uint64_t, DumpedGoroutine> out;
  static const std::regex header(R"(^goroutine (\d+) \[([^,\]]+)[^\]]*\]:$)");
  static const std::regex call(R"(^([^\t ].*)\((.*)\)$)");
  static const std::regex where(R"(^\t(\S+:\d+)( .*)?$)");
  DumpedGoroutine* g = nullptr;
  bool awaiting_line = false;  // a frame's function was read, its file:line comes next
  for (const auto& line : split_lines(text)) {
    std::smatch m;
    if (std::regex_match(line, m, header)) {
      g = &out[std::stoull(m[1].str())];
      g->state = m[2].str();
    } else if (g && line.starts_with("created by ")) {
      g->created_by = line.substr(11);
      auto in = g->created_by.find(" in goroutine");
      if (in != std::string::npos) g->created_by.resize(in);
      awaiting_line = false;
    } else if (g && std::regex_match(line, m, call)) {
      g->frames.push_back(m[1].str());
      g->inlined.push_back(m[2].str() == "...");
      awaiting_line = true;
    } else if (g && awaiting_line && std::regex_match(line, m, where)) {
      g->frames.back() += " " + m[1].str();
      awaiting_line = false;
    } else if (line.empty()) {
      g = nullptr;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("inflight lists a Go program's goroutines as its own SIGQUIT dump does, PIE builds too",
          "[inflight]") {
  // The same program three ways: at a fixed address, position-independent (Go's linker), and
  // position-independent through cgo's external linker: symbols and .gopclntab are link-time
  // addresses, relocated by where the process was loaded. Each also stripped (-s -w, or
  // `strip`): no symbols, no DWARF; the layout is sysray's known one for the release, allgs and
  // the wait reasons are found in the process's memory.
  for (const char* build : {"goparked", "goparked-pie", "goparked-pie-ext", "goparked-stripped",
                            "goparked-pie-stripped", "goparked-pie-ext-stripped"})
    DYNAMIC_SECTION(build) {
    Process go({workload(build)}, {"GOTRACEBACK=all"});
    REQUIRE(wait_ready(go));
    auto r = run_sysray({"inflight", "--json", "-p", std::to_string(go.pid())});
    auto events = clean_json(r);
    std::map<uint64_t, json> ours;
    for (const auto& e : select(events, "goroutine")) {
      CHECK(e["pid"] == go.pid());
      ours[e["goid"].get<uint64_t>()] = e;
    }
    // The dump comes after: by then every parked goroutine is as it was.
    go.signal(SIGQUIT);
    auto dumped = go.wait(scaled(std::chrono::seconds(10)));
    auto dump = parse_go_dump(dumped.err);
    INFO("Go's dump:\n" << dumped.err << "\nsysray:\n" << r.out);
    REQUIRE(dump.size() >= 6);
    size_t compared = 0, inlined_frames = 0;
    for (const auto& [goid, d] : dump) {
      // Not compared: the goroutine that handled SIGQUIT or one on a CPU ("running"), and
      // "goroutine 0", the scheduler stack (g0) of the thread the signal landed on when it was
      // idle: not a goroutine, not in allgs.
      if (d.state == "running" || goid == 0) continue;
      INFO("goroutine " << goid);
      REQUIRE(ours.count(goid) == 1);
      const json& g = ours[goid];
      CHECK(g["state"] == d.state);
      // Every frame, inlined calls included, at the same file:line as Go prints it.
      std::vector<std::string> frames;
      std::vector<bool> inlined;
      for (const auto& f : g["stack"]) {
        frames.push_back(f["function"].get<std::string>() + " " + f["file"].get<std::string>() +
                         ":" + std::to_string(f["line"].get<int>()));
        inlined.push_back(f["inlined"].get<bool>());
        inlined_frames += f["inlined"].get<bool>();
      }
      CHECK(frames == d.frames);
      CHECK(inlined == d.inlined);
      if (d.created_by.empty())
        CHECK(g["created_by"].is_null());
      else
        CHECK(g["created_by"]["function"] == d.created_by);
      ++compared;
    }
    // The workload's five, main's and the runtime's own were all compared; the raw read's
    // syscall.Read, inlined into main.reader, among their frames.
    CHECK(compared >= 6);
    CHECK(inlined_frames >= 1);
    std::set<std::string> states;
    for (const auto& [goid, g] : ours) states.insert(g["state"].get<std::string>());
    for (const char* s : {"chan receive", "select", "sleep", "syscall", "semacquire", "select (no cases)"})
      CHECK(states.count(s) == 1);

  }
}

TEST_CASE("inflight on a stripped Go program of a release it does not know says why",
          "[inflight]") {
  // goparked-stripped with another version in .go.buildinfo (same length: nothing moves).
  std::ifstream in(workload("goparked-stripped"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto at = bytes.find("go1.19.", bytes.find("\xff Go buildinf:"));
  REQUIRE(at != std::string::npos);
  bytes.replace(at, 6, "go1.99");
  std::string version = bytes.substr(at, static_cast<uint8_t>(bytes[at - 1]));  // its length byte
  auto path = fs::temp_directory_path() / "sysray-goparked-go199";
  std::ofstream(path, std::ios::binary) << bytes;
  fs::permissions(path, fs::perms::owner_all);
  Process go({path.string()});
  REQUIRE(wait_ready(go));
  auto r = run_sysray({"inflight", "-p", std::to_string(go.pid())});
  INFO(r.describe());
  CHECK(r.exit_code == 0);
  CHECK(r.err == fmt::format("sysray: process {} is a Go program, but its goroutines cannot be "
                             "read: no DWARF for runtime.g (built with -ldflags=-w, or "
                             "stripped), and sysray knows runtime.g's layout for go1.19 only, "
                             "not {}\n",
                             go.pid(), version));
  CHECK(r.out.find("thread ") != std::string::npos);
  CHECK(r.out.find("goroutine ") == std::string::npos);
  fs::remove(path);
}
