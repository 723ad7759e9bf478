// `sysray sockets`: the holder named after an EADDRINUSE comes from the events sysray saw, even
// when the holder closed its socket or exited before the answer was printed: within one
// process, a holder process that exits 1 ms after the failure, and two Go test binaries that
// fight over one port. Ports 3191-3199. Tagged [owner], not [sockets]: the table's logic does
// not depend on the backend, so the QEMU tier runs them once, not once per backend.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "sockets_support.h"

using namespace sysray::test;

namespace {

bool failed_bind(const json& e) {
  return e["type"] == "socket" && e["event"] == "bind" && e.value("errno", "") == "EADDRINUSE";
}

struct Answer {
  size_t at;                 // the failed bind's index in the stream
  std::vector<json> owners;  // the port_owner lines printed right after it
};

std::vector<Answer> answers(const std::vector<json>& all) {
  std::vector<Answer> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (!failed_bind(all[i])) continue;
    Answer a{i, {}};
    for (size_t j = i + 1; j < all.size() && all[j]["type"] == "port_owner"; ++j)
      a.owners.push_back(all[j]);
    out.push_back(std::move(a));
  }
  return out;
}

// The socket() event that made fd `fd` of `pid`, the last one before index `before`.
const json* socket_event(const std::vector<json>& all, const json& pid, const json& fd,
                         size_t before) {
  const json* found = nullptr;
  for (size_t i = 0; i < before; ++i) {
    const json& e = all[i];
    if (e["type"] == "socket" && e["event"] == "socket" && e["pid"] == pid && e["fd"] == fd)
      found = &e;
  }
  return found;
}

json owner_local(int port) { return {{"addr", "127.0.0.1"}, {"port", port}}; }

}  // namespace

TEST_CASE("sockets: one process binds a port twice; the holder is its first socket, closed since",
          "[owner]") {
  auto r = run_sockets({"--json", "--", workload("udp_bind_twice"), "3191"});
  auto all = clean_json(r);
  auto seq = select(all, "socket");
  REQUIRE(seq.size() == 6);
  CHECK(compact_all(seq) == std::vector<std::string>{
                                "socket 3 udp 0.0.0.0:0>0.0.0.0:0 0 3",
                                "bind 3 udp 127.0.0.1:3191>0.0.0.0:0 0 0",
                                "socket 4 udp 0.0.0.0:0>0.0.0.0:0 0 4",
                                "bind 4 udp 127.0.0.1:3191>0.0.0.0:0 0 -1 EADDRINUSE",
                                "close 4 udp 0.0.0.0:0>0.0.0.0:0 0 0",
                                "close 3 udp 127.0.0.1:3191>0.0.0.0:0 0 0",
                            });
  auto a = answers(all);
  REQUIRE(a.size() == 1);
  REQUIRE(a[0].owners.size() == 1);
  json o = a[0].owners[0];
  INFO(o.dump());
  CHECK(o["pid"] == seq[0]["pid"]);
  CHECK(o["comm"] == "udp_bind_twice");
  CHECK(o["fd"] == 3);
  CHECK(o["local"] == owner_local(3191));
  CHECK(o["since_ns"] == seq[0]["ts_ns"]);
  CHECK(o["fd_closed"] == false);
  CHECK(o["closed_since_ns"] == seq[5]["ts_ns"]);
  CHECK(o["exited_since"] == false);
  CHECK(o["blocked"] == json::array());

  auto text = run_sockets({"--", workload("udp_bind_twice"), "3191"});
  require_clean_exit(text);
  auto lines = split_lines(text.out);
  REQUIRE(lines.size() >= 5);
  INFO(text.out);
  CHECK(std::regex_match(lines[4], std::regex(R"(  held by udp_bind_twice \d+ fd=3 )"
                                              R"(127\.0\.0\.1:3191/udp since \d\d:\d\d:\d\d\.\d{6}; )"
                                              R"(no thread is blocked on it; closed since, at )"
                                              R"(\d\d:\d\d:\d\d\.\d{6})")));
}

TEST_CASE("sockets: a holder that exits 1 ms after the bind it made fail is still named",
          "[owner]") {
  auto r = run_sockets({"--json", "-f", "--", workload("holder_exits"), "3192"});
  auto all = clean_json(r);
  auto seq = select(all, "socket");
  // The child binds, the parent's bind fails.
  const json* holder_bind = nullptr;
  for (const auto& e : seq)
    if (e["event"] == "bind" && e["ret"] == 0) holder_bind = &e;
  REQUIRE(holder_bind);
  auto a = answers(all);
  REQUIRE(a.size() == 1);
  const json& failed = all[a[0].at];
  CHECK(failed["pid"] != (*holder_bind)["pid"]);
  REQUIRE(a[0].owners.size() == 1);
  json o = a[0].owners[0];
  INFO(o.dump());
  CHECK(o["pid"] == (*holder_bind)["pid"]);
  CHECK(o["comm"] == "holder_exits");
  CHECK(o["fd"] == (*holder_bind)["fd"]);
  const json* made = socket_event(all, o["pid"], o["fd"], a[0].at);
  REQUIRE(made);
  CHECK(o["since_ns"] == (*made)["ts_ns"]);
  CHECK(o["closed_since_ns"] == nullptr);
  CHECK(o["exited_since"] == true);
  REQUIRE(o["exited_since_ns"].is_number_integer());
  CHECK(o["exited_since_ns"].get<int64_t>() > failed["ts_ns"].get<int64_t>());
}

TEST_CASE("sockets: two Go test binaries bind one port; each EADDRINUSE names the other",
          "[owner][go]") {
  // Two copies, so that their comms differ as two packages' test binaries do.
  TempDir dir;
  for (const char* name : {"a.test", "b.test"}) {
    std::filesystem::copy_file(workload("porttest.test"), dir.file(name));
    chmod(dir.file(name).c_str(), 0755);
  }
  // Their "PASS" would mix with sysray's JSON on stdout.
  std::string run = "export PORTTEST_PORT=3193; " + dir.file("a.test") + " >/dev/null & " +
                    dir.file("b.test") + " >/dev/null; wait";
  auto r = run_sockets({"--json", "-f", "--", "/bin/sh", "-c", run});
  auto all = clean_json(r);
  auto a = answers(all);
  INFO(a.size() << " binds failed with EADDRINUSE");
  // 200 binds each, every one held 2 ms: the two copies overlap.
  REQUIRE(a.size() >= 1);
  size_t checked = 0;
  for (const auto& [at, owners] : a) {
    const json& failed = all[at];
    INFO(failed.dump());
    REQUIRE(owners.size() == 1);
    const json& o = owners[0];
    INFO(o.dump());
    REQUIRE(o["pid"].is_number_integer());  // never "no process sysray can see"
    CHECK(o["pid"] != failed["pid"]);
    CHECK(o["comm"] == (failed["comm"] == "a.test" ? "b.test" : "a.test"));
    CHECK(o["local"] == owner_local(3193));
    const json* made = socket_event(all, o["pid"], o["fd"], at);
    REQUIRE(made);
    CHECK(o["since_ns"] == (*made)["ts_ns"]);
    ++checked;
  }
  CHECK(checked == a.size());
}
