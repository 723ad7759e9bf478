// trace -k against strace -k itself: this test binary runs itself under `strace -k`; the child
// makes a getppid(2) from a qsort callback with a raw syscall instruction, snapshotting its
// registers and stack at that very instruction (what the BPF side copies at sys_enter), unwinds
// and names the snapshot, and writes the lines. strace -k names the same call from outside,
// through ptrace and libunwind. Same process, same addresses: the lines must be equal.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "stacks/frame_format.h"
#include "stacks/symbolizer.h"
#include "stacks/unwinder.h"
#include "test_stacks_capture.h"

using namespace sysray::stacks;

namespace {

constexpr const char* kOutEnv = "SYSRAY_STACKS_CHILD_OUT";

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

// Hidden: only the parent test below runs it, under strace.
TEST_CASE("stacks strace child", "[.stacks-strace-child]") {
  const char* out = std::getenv(kOutEnv);
  REQUIRE(out);
  stacks_test_outer(stacks_test_getppid_leaf);
  auto maps = ProcMaps::read(getpid());
  REQUIRE(maps);
  ObjectCache objects;
  Unwinder unwinder(objects);
  Symbolizer symbolizer(objects);
  std::ofstream file(out);
  for (const Frame& f : symbolizer.symbolize(unwinder.unwind(stacks_test_captured.snapshot(), *maps), *maps))
    file << strace_line(f) << "\n";
}

TEST_CASE("stacks: the frames of a call are strace -k's, line for line", "[stacks]") {
  if (access("/usr/bin/strace", X_OK) != 0) {
    WARN("strace is not installed: the comparison with strace -k is not made");
    return;
  }
  auto dir = std::filesystem::temp_directory_path() / ("sysray-strace-k-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string ours = (dir / "sysray.txt").string(), theirs = (dir / "strace.txt").string();
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::string cmd = std::string(kOutEnv) + "=" + ours + " /usr/bin/strace -qq -k -e trace=getppid -o " + theirs +
                    " " + self + " '[.stacks-strace-child]' > /dev/null 2>&1";
  int status = std::system(cmd.c_str());
  std::vector<std::string> mine = read_lines(ours), strace_out = read_lines(theirs);
  std::filesystem::remove_all(dir);
  std::ostringstream both;
  for (const auto& l : mine) both << "sysray: " << l << "\n";
  for (const auto& l : strace_out) both << "strace: " << l << "\n";
  INFO(both.str());
  if (status != 0 && strace_out.empty()) {
    WARN("strace -k could not run here (ptrace refused?): the comparison is not made");
    return;
  }
  REQUIRE(status == 0);
  // strace's frames of the getppid line.
  std::vector<std::string> frames;
  for (size_t i = 0; i < strace_out.size(); ++i)
    if (strace_out[i].rfind("getppid(", 0) == 0) {
      for (size_t j = i + 1; j < strace_out.size() && strace_out[j].rfind(" > ", 0) == 0; ++j)
        frames.push_back(strace_out[j]);
      break;
    }
  REQUIRE(frames.size() >= 6);
  REQUIRE(mine.size() >= 6);
  // Ours stop where the 8 KiB copy ends; strace reads the whole stack. Up to there, equal.
  size_t n = std::min(frames.size(), mine.size());
  CHECK(std::vector<std::string>(mine.begin(), mine.begin() + n) ==
        std::vector<std::string>(frames.begin(), frames.begin() + n));
  CHECK(mine[0].find("(stacks_test_getppid_leaf()+0x") != std::string::npos);
  CHECK(mine[1].find("(stacks_test_compare(void const*, void const*)+0x") != std::string::npos);
}
