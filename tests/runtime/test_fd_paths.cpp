// trace -y, -yy and -P: descriptors shown with what they refer to, and calls chosen by path.
// Ports 3070-3079.
#include <catch2/catch.hpp>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <regex>

#include "runtime_support.h"

using namespace sysray::test;

namespace {

using Lines = std::vector<std::string>;

std::string real(const std::string& path) {
  char buf[PATH_MAX];
  REQUIRE(realpath(path.c_str(), buf));
  return buf;
}

std::string cwd() {
  char buf[PATH_MAX];
  REQUIRE(getcwd(buf, sizeof(buf)));
  return buf;
}

// A file to open (its real path: the kernel names it so) and one that does not exist.
struct Files {
  TempDir dir;
  std::string file = real(dir.path()) + "/data";
  std::string missing = dir.file("missing");
  Files() { write_file(file, "x\n"); }
};

}  // namespace

TEST_CASE("trace -y shows the path of each descriptor, as strace -y", "[options][fdpaths]") {
  Files f;
  const std::string& file = f.file;
  const std::string& missing = f.missing;
  SECTION("open_files: the path opened, then the descriptor's path where it is used") {
    // -e hides the other calls, but the table is still kept from them.
    Trace t = clean_trace(run_sysray({"trace", "-y", "-e", "trace=openat,close",
                                      "--", workload("open_files"), file, missing}));
    INFO(t.dump());
    Lines b = t.bodies(t.first_tid());
    REQUIRE(b.size() >= 3);
    CHECK(Lines(b.end() - 3, b.end()) ==
          Lines{"openat(AT_FDCWD<" + cwd() + ">, \"" + file + "\", O_RDONLY) = 3<" + file + ">",
                "close(3<" + file + ">) = 0",
                "openat(AT_FDCWD<" + cwd() + ">, \"" + missing +
                    "\", O_RDONLY) = -1 ENOENT (No such file or directory)"});
  }
  SECTION("a pipe: both ends, and the reads and writes on them") {
    Trace t = clean_trace(run_sysray({"trace", "-f", "-y", "-e", "trace=pipe2,write", "--",
                                      workload("block_read"), "1"}));
    INFO(t.dump());
    auto pipes = matching(t, std::regex(R"(pipe2\(\[3<pipe:\[(\d+)\]>, 4<pipe:\[\1\]>\], 0\) = 0)"));
    REQUIRE(pipes.size() == 1);
    std::smatch m;
    REQUIRE(std::regex_search(pipes[0].body, m, std::regex(R"(pipe:\[(\d+)\])")));
    CHECK(matching(t, std::regex(R"(write\(4<pipe:\[)" + m[1].str() + R"(\]>, "wake", 4\) = 4)")).size() == 1);
  }
  SECTION("JSON: fd_paths by argument index and ret") {
    auto events = clean_json(run_sysray({"trace", "-y", "--json", "-e", "trace=openat,close", "--",
                                         workload("open_files"), file, missing}));
    std::vector<json> opened, closed;
    for (const auto& e : select(events, "syscall", "openat"))
      if (e["args"][1] == file) opened.push_back(e);
    for (const auto& e : select(events, "syscall", "close"))
      if (e.contains("fd_paths") && e["fd_paths"].value("0", "") == file) closed.push_back(e);
    REQUIRE(opened.size() == 1);
    CHECK(opened[0]["fd_paths"] == json{{"0", cwd()}, {"ret", file}});
    CHECK(closed.size() == 1);
  }
}

TEST_CASE("trace -yy shows sockets' protocol and addresses, as strace -yy", "[options][fdpaths]") {
  TempDir dir;
  std::string sock = real(dir.path()) + "/s.sock";
  // sock_names holds its sockets for a second: the addresses are read from its /proc.
  Trace t = clean_trace(run_sysray({"trace", "-yy", "-e", "trace=getsockname", "--",
                                    workload("sock_names"), "3071", sock, "1000"}));
  INFO(t.dump());
  Lines b = t.bodies(t.first_tid());
  REQUIRE(b.size() == 2);
  CHECK(b[0] == "getsockname(3<TCP:[127.0.0.1:3071]>, {sa_family=AF_INET, sin_port=htons(3071), "
                "sin_addr=inet_addr(\"127.0.0.1\")}, [128 => 16]) = 0");
  CHECK(std::regex_match(b[1], std::regex(R"(getsockname\(4<UNIX-STREAM:\[\d+,")" + sock +
                                          R"("\]>, \{sa_family=AF_UNIX, sun_path=".*)")));
}

TEST_CASE("trace -P shows only the calls that touch the path, as strace -P", "[options][fdpaths]") {
  Files f;
  const std::string& file = f.file;
  const std::string& missing = f.missing;
  SECTION("the file opened: its open and the calls on its descriptor") {
    Trace t = clean_trace(run_sysray({"trace", "-P", file, "--", workload("open_files"), file, missing}));
    INFO(t.dump());
    CHECK(t.bodies(t.first_tid()) ==
          Lines{"openat(AT_FDCWD, \"" + file + "\", O_RDONLY) = 3", "close(3) = 0"});
  }
  SECTION("a path that fails to open") {
    Trace t = clean_trace(run_sysray({"trace", "-P", missing, "--", workload("open_files"), file, missing}));
    CHECK(t.bodies(t.first_tid()) ==
          Lines{"openat(AT_FDCWD, \"" + missing + "\", O_RDONLY) = -1 ENOENT (No such file or directory)"});
  }
  SECTION("a symlink to the file matches the file's calls too") {
    std::string link = f.dir.file("link");
    REQUIRE(symlink(file.c_str(), link.c_str()) == 0);
    Trace t = clean_trace(run_sysray({"trace", "-y", "-P", link, "--", workload("open_files"), file, missing}));
    CHECK(t.bodies(t.first_tid()) ==
          Lines{"openat(AT_FDCWD<" + cwd() + ">, \"" + file + "\", O_RDONLY) = 3<" + file + ">",
                "close(3<" + file + ">) = 0"});
  }
}
