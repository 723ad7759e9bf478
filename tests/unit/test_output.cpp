// The text and JSON Outputs: each command's output in each format, byte for byte where the
// Output builds it (funccount, features), and routed to the right formatter where it wraps one.
#include <catch2/catch.hpp>
#include <sys/syscall.h>

#include <nlohmann/json.hpp>

#include "format/output.h"
#include "render_buffer.h"
#include "syscall_fixtures.h"

using namespace sysray;
using namespace sysray::test;

namespace {

const std::unique_ptr<Output> kText = make_output(false);
const std::unique_ptr<Output> kJson = make_output(true);


const std::vector<FunctionCount> kFunctions = {{"udp_sendmsg", 7, std::nullopt},
                                               {"sock:inet_sock_set_state", 0, std::nullopt}};

Features sample_features() {
  Features f;
  f.kernel = "6.1.0-test";
  f.list = {{"tp_btf", true, ""}, {"kprobe", false, "not in this kernel"},
            {"tracefs", true, "/sys/kernel/tracing"}};
  f.lockdown = "none";
  f.caps = {true, false, true};
  return f;
}

const std::vector<FeatureChoice> kChoices = {
    {"trace, count", "tp_btf", ""}, {"funccount", "fentry", "kprobe.multi: no"}};

}  // namespace

TEST_CASE("funccount as text: BCC's table, functions that counted nothing left out", "[output]") {
  CHECK(render([](auto& b) { kText->function_counts(b, kFunctions, "fentry", 2); }) ==
        fmt::format("{:<40} {:>12}\n{:<40} {:>12}\n", "FUNC", "COUNT", "udp_sendmsg", 7));
}

TEST_CASE("funccount as JSON: docs/JSON.md's fields in order, every function listed", "[output]") {
  CHECK(render([](auto& b) { kJson->function_counts(b, kFunctions, "fentry", 0); }) ==
        "{\"type\":\"funccount\",\"backend\":\"fentry\",\"functions\":[{\"name\":\"udp_sendmsg\","
        "\"count\":7},{\"name\":\"sock:inet_sock_set_state\",\"count\":0}],\"lost\":0}\n");
  CHECK(render([](auto& b) { kJson->function_counts(b, {}, "tracepoint", 3); }) ==
        "{\"type\":\"funccount\",\"backend\":\"tracepoint\",\"interval\":3,\"functions\":[],"
        "\"lost\":0}\n");
}

TEST_CASE("count: strace -c's table or a summary object", "[output]") {
  std::vector<SyscallCount> rows = {{"getppid", 10, 1, 5'000, 900}};
  fmt::memory_buffer table, summary;
  append_count_table(table, rows);
  append_count_json(summary, rows, 4, 2);
  CHECK(render([&](auto& b) { kText->syscall_counts(b, rows, 4, 2); }) == fmt::to_string(table));
  CHECK(render([&](auto& b) { kJson->syscall_counts(b, rows, 4, 2); }) == fmt::to_string(summary));
  CHECK(render([&](auto& b) { kJson->syscall_counts(b, rows, 0, 0); }).find("interval") ==
        std::string::npos);
}

TEST_CASE("lost records: a JSON object in the stream, nothing in text", "[output]") {
  CHECK(render([](auto& b) { kText->lost(b, 12, ""); }).empty());
  CHECK(render([](auto& b) { kJson->lost(b, 12, ""); }) == "{\"type\":\"lost\",\"count\":12}\n");
  CHECK(render([](auto& b) { kJson->lost(b, 3, "process_exits"); }) ==
        "{\"type\":\"lost\",\"count\":3,\"what\":\"process_exits\"}\n");
}

TEST_CASE("features as text", "[output]") {
  CHECK(render([](auto& b) { kText->features(b, sample_features(), kChoices); }) ==
        "kernel 6.1.0-test\n"
        "  tp_btf:         yes\n"
        "  kprobe:         no (not in this kernel)\n"
        "  tracefs:        yes (/sys/kernel/tracing)\n"
        "  lockdown:       none\n"
        "  capabilities:   CAP_SYS_ADMIN=yes CAP_BPF=no CAP_PERFMON=yes\n"
        "commands will use:\n"
        "  trace, count:   tp_btf\n"
        "  funccount:      fentry\n"
        "                  because kprobe.multi: no\n");
}

TEST_CASE("features as JSON: one object, keys sorted", "[output]") {
  CHECK(render([](auto& b) { kJson->features(b, sample_features(), kChoices); }) ==
        "{\"capabilities\":{\"CAP_BPF\":false,\"CAP_PERFMON\":true,\"CAP_SYS_ADMIN\":true},"
        "\"commands\":{\"funccount\":{\"uses\":\"fentry\",\"why_not_better\":\"kprobe.multi: no\"},"
        "\"trace, count\":{\"uses\":\"tp_btf\"}},"
        "\"features\":{\"kprobe\":{\"available\":false,\"reason\":\"not in this kernel\"},"
        "\"tp_btf\":{\"available\":true},"
        "\"tracefs\":{\"available\":true,\"detail\":\"/sys/kernel/tracing\"}},"
        "\"kernel\":\"6.1.0-test\",\"lockdown\":\"none\",\"type\":\"features\"}\n");
}

TEST_CASE("the syscall stream: strace's lines or JSON objects", "[output]") {
  SyscallEvent ev = call(SYS_getppid, {}, 1);
  auto args = decode_event(ev);
  auto line = [&](const Output& out) {
    return render([&](auto& b) { out.syscall(b, ev, args, "getppid"); });
  };
  CHECK(line(*kText) == line_of(ev));
  CHECK(line(*kJson) == json_of(ev));
  CHECK(render([&](auto& b) { kText->syscall_unfinished(b, ev, args, "getppid"); }) ==
        unfinished(ev));
  CHECK(render([&](auto& b) { kText->syscall_resumed(b, ev, args, "getppid"); }) == resumed(ev));
  auto enter = nlohmann::json::parse(
      render([&](auto& b) { kJson->syscall_unfinished(b, ev, args, "getppid"); }));
  CHECK(enter["type"] == "syscall_enter");
  CHECK(render([&](auto& b) { kJson->syscall_resumed(b, ev, args, "getppid"); }) == json_of(ev));

  ev.type = SR_REC_THREAD_EXIT;
  ev.ret = 3 << 8;
  CHECK(render([&](auto& b) { kText->thread_exit(b, ev); }) ==
        "[pid  4242] +++ exited with 3 +++\n");
  CHECK(nlohmann::json::parse(render([&](auto& b) { kJson->thread_exit(b, ev); }))["exit_code"] ==
        3);
}

TEST_CASE("the clock is read for every call only when the output shows times", "[output]") {
  CHECK(kJson->shows_call_times());
  CHECK_FALSE(kText->shows_call_times());
  OutputOptions durations;
  durations.text.durations = true;
  CHECK(make_output(false, durations)->shows_call_times());
  OutputOptions timestamps;
  timestamps.text.timestamps = 1;
  CHECK(make_output(false, timestamps)->shows_call_times());
}

TEST_CASE("the sockets summary: a table or one object per row", "[output]") {
  sockets::SummaryRow row;
  row.pid = 4242;
  row.comm = "client";
  row.proto = "tcp";
  row.connects = 1;
  std::vector<sockets::SummaryRow> rows = {row};
  fmt::memory_buffer table, objects;
  sockets::append_summary_text(table, rows);
  sockets::append_summary_json(objects, rows);
  CHECK(render([&](auto& b) { kText->socket_summary(b, rows); }) == fmt::to_string(table));
  CHECK(render([&](auto& b) { kJson->socket_summary(b, rows); }) == fmt::to_string(objects));
}
