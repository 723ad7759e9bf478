// Which kernel functions a funccount glob resolves to, from explicit lists standing in for
// available_filter_functions, /proc/kallsyms (text symbols) and vmlinux BTF.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kernel/kernel_functions.h"

using sysray::FunctionMatch;
using sysray::is_compiler_clone;
using sysray::KernelFunctions;

namespace {

using Names = std::vector<std::string>;
using Skipped = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kClone = "compiler clone (not attachable by name)";
constexpr const char* kInlined = "inlined (in BTF, no symbol)";
constexpr const char* kNotrace = "notrace (not in available_filter_functions)";
constexpr const char* kNoBtf = "no BTF entry (assembly or notrace)";

// A kernel whose tracefs lists the functions ftrace can patch.
KernelFunctions with_filter_list() {
  return KernelFunctions(
      /*filter_functions=*/std::set<std::string>{"udp_sendmsg", "udp_recvmsg", "tcp_sendmsg",
                                                 "udp_asm_helper"},
      /*kallsyms_text=*/
      {"udp_sendmsg", "udp_recvmsg", "tcp_sendmsg", "udp_asm_helper", "udp_notrace_fn",
       "udp_fn.isra.0", "udp_fn.cold"},
      /*btf_funcs=*/{"udp_sendmsg", "udp_recvmsg", "tcp_sendmsg", "udp_notrace_fn", "udp_inlined"});
}

// A kernel without a readable available_filter_functions: kallsyms and BTF decide.
KernelFunctions without_filter_list() {
  return KernelFunctions(
      /*filter_functions=*/std::nullopt,
      /*kallsyms_text=*/{"udp_sendmsg", "udp_recvmsg", "udp_asm_entry", "udp_x.constprop.0"},
      /*btf_funcs=*/{"udp_sendmsg", "udp_recvmsg", "udp_inl"});
}

void check_match(const FunctionMatch& m, const Names& traceable, const Skipped& skipped) {
  CHECK(m.traceable == traceable);
  CHECK(m.skipped == skipped);
}

}  // namespace

TEST_CASE("kernel functions: source of the traceable list", "[kfunc]") {
  CHECK(with_filter_list().source() == "available_filter_functions");
  CHECK(without_filter_list().source() == "kallsyms and BTF");
}

TEST_CASE("kernel functions: a glob, with the reason for each name skipped", "[kfunc]") {
  // Sorted by name; udp_asm_helper has no BTF entry but ftrace lists it, which is what counts.
  check_match(with_filter_list().match("udp_*"),
              {"udp_asm_helper", "udp_recvmsg", "udp_sendmsg"},
              {{"udp_fn.cold", kClone},
               {"udp_fn.isra.0", kClone},
               {"udp_inlined", kInlined},
               {"udp_notrace_fn", kNotrace}});
}

TEST_CASE("kernel functions: exact names and fnmatch patterns", "[kfunc]") {
  const KernelFunctions kf = with_filter_list();
  check_match(kf.match("tcp_sendmsg"), {"tcp_sendmsg"}, {});
  check_match(kf.match("*_sendmsg"), {"tcp_sendmsg", "udp_sendmsg"}, {});
  check_match(kf.match("udp_[rs]*msg"), {"udp_recvmsg", "udp_sendmsg"}, {});
  check_match(kf.match("?dp_sendmsg"), {"udp_sendmsg"}, {});
  check_match(kf.match("udp_inlined"), {}, {{"udp_inlined", kInlined}});
  check_match(kf.match("udp_fn.isra.0"), {}, {{"udp_fn.isra.0", kClone}});
  check_match(kf.match("nomatch*"), {}, {});
  check_match(kf.match("udp"), {}, {});  // a glob matches whole names
}

TEST_CASE("kernel functions: without available_filter_functions", "[kfunc]") {
  check_match(without_filter_list().match("udp_*"), {"udp_recvmsg", "udp_sendmsg"},
              {{"udp_asm_entry", kNoBtf}, {"udp_inl", kInlined}, {"udp_x.constprop.0", kClone}});
}

TEST_CASE("kernel functions: a readable list that holds none of the names", "[kfunc]") {
  // load() keeps only the names the globs match: an empty list read from tracefs still means
  // "ftrace cannot patch these", not "no list".
  const KernelFunctions kf(std::set<std::string>{}, {"native_sched_clock"}, {"native_sched_clock"});
  CHECK(kf.source() == "available_filter_functions");
  check_match(kf.match("native_sched_clock"), {}, {{"native_sched_clock", kNotrace}});
}

TEST_CASE("kernel functions: nothing known", "[kfunc]") {
  const KernelFunctions none(std::nullopt, {}, {});
  CHECK(none.source() == "kallsyms and BTF");
  check_match(none.match("*"), {}, {});
}

TEST_CASE("kernel functions: fentry also needs a BTF entry", "[kfunc]") {
  // udp_asm_helper: ftrace can patch it, but fentry attaches by BTF id and it has none.
  check_match(with_filter_list().match("udp_*", /*need_btf=*/true),
              {"udp_recvmsg", "udp_sendmsg"},
              {{"udp_asm_helper", "no BTF entry (fentry needs one)"},
               {"udp_fn.cold", kClone},
               {"udp_fn.isra.0", kClone},
               {"udp_inlined", kInlined},
               {"udp_notrace_fn", kNotrace}});
  check_match(without_filter_list().match("udp_*", /*need_btf=*/true),
              without_filter_list().match("udp_*").traceable,
              without_filter_list().match("udp_*").skipped);
}

TEST_CASE("kernel functions: compiler clones", "[kfunc]") {
  CHECK(is_compiler_clone("tcp_v4_rcv.cold"));
  CHECK(is_compiler_clone("udp_fn.isra.0"));
  CHECK(is_compiler_clone("copy_page.constprop.0"));
  CHECK(is_compiler_clone("foo.part.1"));
  CHECK_FALSE(is_compiler_clone("udp_sendmsg"));
  CHECK_FALSE(is_compiler_clone(""));
}
