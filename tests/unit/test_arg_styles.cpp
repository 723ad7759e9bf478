// The argument-style table (decode/arg_styles.h): one row per ArgStyle, and rows that agree with
// what the BPF side captures and with what their renderers read.
#include <catch2/catch.hpp>

#include <string>

#include "decode/arg_decoder.h"
#include "decode/arg_render.h"
#include "decode/arg_styles.h"
#include "trace/syscall_event.h"

using namespace sysray::decode;
using sysray::SyscallEvent;
using Kind = DecodedArg::Kind;

namespace {

constexpr uint64_t kAddr = 0x7ffc1000;

bool is_object_kind(uint8_t kind) {
  return kind == SR_CAP_OBJ_IN || kind == SR_CAP_OBJ_OUT || kind == SR_CAP_OBJ_OUT_FIELD ||
         kind == SR_CAP_STACK_OBJ_IN || kind == SR_CAP_OBJ_OUT_RESTART;
}

// The kinds the BPF side takes when the call returns (bpf/syscalls.bpf.c's exit path).
bool is_exit_kind(uint8_t kind) {
  return kind == SR_CAP_BUF_OUT || kind == SR_CAP_SOCKADDR_OUT || kind == SR_CAP_MSG_NAME_OUT ||
         kind == SR_CAP_OBJ_OUT || kind == SR_CAP_BUF_OUT_LENP || kind == SR_CAP_OBJ_OUT_FIELD ||
         kind == SR_CAP_OBJ_OUT_RESTART || kind == SR_CAP_RECORDS_OUT;
}

// Known at exit without a capture of their own: they print from another argument's exit capture.
bool is_listed_exit_output(ArgStyle style) { return style == ArgStyle::SockaddrLenOut; }

// A completed call with `data` in capture slot 0, of the kind the style reads (none for 0).
SyscallEvent event_with(uint8_t kind, std::string data) {
  SyscallEvent ev;
  ev.type = SR_REC_SYSCALL;
  ev.ret = 8;
  ev.args[0] = kAddr;
  ev.args[1] = 2;  // AF_INET, for a style printed with its ref (SockProtocol)
  ev.cap[0].kind = kind;
  ev.cap[0].full_len = static_cast<uint32_t>(data.size());
  ev.cap[0].data = std::move(data);
  return ev;
}

DecodedArg render(const SyscallEvent& ev, ArgStyle style) {
  ArgSpec spec;
  spec.style = style;
  spec.capture = 0;
  spec.ref = 1;
  DecodedArg out;
  render_arg(ev, spec, kAddr, out);
  return out;
}

std::string pointer_text(uint64_t raw) {
  DecodedArg p;
  set_pointer(p, raw);
  return p.text;
}

}  // namespace

TEST_CASE("the style table has one row per ArgStyle, in enum order", "[arg_styles]") {
  auto table = arg_style_table();
  REQUIRE(table.size() == kArgStyleCount);
  for (size_t i = 0; i < table.size(); ++i) {
    INFO("row " << i);
    CHECK(table[i].style == static_cast<ArgStyle>(i));
    CHECK(&arg_style(static_cast<ArgStyle>(i)) == &table[i]);
    CHECK(table[i].render != nullptr);
  }
}

TEST_CASE("capture styles print from their capture, the pointer without one", "[arg_styles]") {
  int capture_styles = 0;
  for (const ArgStyleTraits& row : arg_style_table()) {
    uint8_t kind = read_kind(row.style);
    if (kind == SR_CAP_NONE) continue;
    ++capture_styles;
    INFO("style " << static_cast<int>(row.style));
    CHECK(reads_capture(row.style));
    // Zeros print as something for every kind: "", an AF_UNSPEC address, a zeroed struct.
    DecodedArg with = render(event_with(kind, std::string(256, '\0')), row.style);
    CHECK(with.kind != Kind::Pointer);
    DecodedArg without = render(event_with(SR_CAP_NONE, ""), row.style);
    CHECK(without.kind == Kind::Pointer);
    CHECK(without.text == pointer_text(kAddr));
  }
  CHECK(capture_styles > 0);
}

TEST_CASE("scalar styles print from the register alone", "[arg_styles]") {
  for (const ArgStyleTraits& row : arg_style_table()) {
    if (reads_capture(row.style)) continue;
    INFO("style " << static_cast<int>(row.style));
    CHECK(row.capture == SR_CAP_NONE);
    CHECK(row.size == 0);
    CHECK_FALSE(row.len_next);
    DecodedArg bare = render(event_with(SR_CAP_NONE, ""), row.style);
    DecodedArg beside = render(event_with(SR_CAP_STR_IN, std::string("/x\0", 3)), row.style);
    CHECK(bare.text == beside.text);
    CHECK_FALSE(bare.text.empty());
  }
}

TEST_CASE("SR_CAP_OBJ_* rows have their object's size, and their renderer reads that much",
          "[arg_styles]") {
  for (const ArgStyleTraits& row : arg_style_table()) {
    INFO("style " << static_cast<int>(row.style));
    // SR_CAP_RECORDS_OUT's size is where each record's length is (getdents64's d_reclen).
    CHECK((is_object_kind(row.capture) || row.capture == SR_CAP_RECORDS_OUT) == (row.size != 0));
    if (!is_object_kind(row.capture)) continue;
    CHECK(render(event_with(row.capture, std::string(row.size, '\0')), row.style).kind !=
          Kind::Pointer);
    // One byte short (a capture the kernel cut) is the pointer: nothing read past the capture.
    CHECK(render(event_with(row.capture, std::string(row.size - 1, '\0')), row.style).kind ==
          Kind::Pointer);
  }
}

TEST_CASE("exit-side captures are the at_exit styles, printed as pointers before the return",
          "[arg_styles]") {
  for (const ArgStyleTraits& row : arg_style_table()) {
    INFO("style " << static_cast<int>(row.style));
    if (row.capture != SR_CAP_NONE) {
      CHECK(row.at_exit == is_exit_kind(row.capture));
    } else if (row.at_exit) {
      CHECK(is_listed_exit_output(row.style));
      CHECK(is_exit_kind(row.borrows));
    }
    if (!row.at_exit) continue;
    SyscallEvent enter = event_with(read_kind(row.style), std::string(256, '\0'));
    enter.type = SR_REC_SYSCALL_ENTER;
    DecodedArg out = render(enter, row.style);
    CHECK(out.at_exit);
    CHECK(out.kind == Kind::Pointer);
    CHECK(out.text == pointer_text(kAddr));
  }
}

TEST_CASE("borrowed captures and refs point at the right rows", "[arg_styles]") {
  for (const ArgStyleTraits& row : arg_style_table()) {
    INFO("style " << static_cast<int>(row.style));
    // A style that borrows takes no slot of its own (syscall_semantics.cpp's assign_captures).
    if (row.borrows != SR_CAP_NONE) CHECK(row.capture == SR_CAP_NONE);
    if (!row.ref) continue;
    const ArgStyleTraits& target = arg_style(*row.ref);
    CHECK(target.style != row.style);
    CHECK_FALSE(reads_capture(target.style));  // its value is a register
    CHECK_FALSE(target.ref);
  }
}
