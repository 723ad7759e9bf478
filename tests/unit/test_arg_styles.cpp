// The argument-style table (decode/arg_styles.h): one row per ArgStyle, and rows that agree with
// what the BPF side captures and with what their renderers read.
#include <catch2/catch.hpp>
#include <sys/epoll.h>

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

// A fixed-size object: its recipe's length is its `max`.
bool is_object(const Read& r) {
  return r.spec.read == SR_READ_BYTES && r.spec.length == SR_LEN_MAX && r.spec.max != SR_SNAPLEN;
}

// Known at exit without a capture of their own: they print from another argument's exit capture.
bool is_listed_exit_output(ArgStyle style) { return style == ArgStyle::SockaddrLenOut; }

// A completed call with `data` in capture slot 0, read by the primitive the style reads (none
// for SR_READ_NONE).
SyscallEvent event_with(uint8_t read, std::string data) {
  SyscallEvent ev;
  ev.type = SR_REC_SYSCALL;
  ev.ret = 8;
  ev.args[0] = kAddr;
  ev.args[1] = 2;  // AF_INET, for a style printed with its ref (SockProtocol)
  ev.cap[0].read = read;
  ev.cap[0].full_len = static_cast<uint32_t>(data.size());
  ev.cap[0].data = std::move(data);
  return ev;
}

DecodedArg render(SyscallEvent ev, ArgStyle style) {
  ArgSpec spec;
  spec.style = style;
  spec.capture = 0;
  spec.ref = 1;
  // epoll_ctl's event is read for EPOLL_CTL_ADD; for EPOLL_CTL_DEL (2, AF_INET's number) it is
  // the pointer.
  if (style == ArgStyle::EpollEventIn) ev.args[1] = EPOLL_CTL_ADD;
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
    uint8_t read = read_primitive(row.style);
    if (read == SR_READ_NONE) continue;
    ++capture_styles;
    INFO("style " << static_cast<int>(row.style));
    CHECK(reads_capture(row.style));
    // Zeros print as something for every primitive: "", an AF_UNSPEC address, a zeroed struct.
    DecodedArg with = render(event_with(read, std::string(256, '\0')), row.style);
    CHECK(with.kind != Kind::Pointer);
    DecodedArg without = render(event_with(SR_READ_NONE, ""), row.style);
    CHECK(without.kind == Kind::Pointer);
    CHECK(without.text == pointer_text(kAddr));
  }
  CHECK(capture_styles > 0);
}

TEST_CASE("scalar styles print from the register alone", "[arg_styles]") {
  for (const ArgStyleTraits& row : arg_style_table()) {
    if (reads_capture(row.style)) continue;
    INFO("style " << static_cast<int>(row.style));
    CHECK(row.capture.empty());
    DecodedArg bare = render(event_with(SR_READ_NONE, ""), row.style);
    DecodedArg beside = render(event_with(SR_READ_STRING, std::string("/x\0", 3)), row.style);
    CHECK(bare.text == beside.text);
    CHECK_FALSE(bare.text.empty());
  }
}

TEST_CASE("fixed-size object rows are read whole, and their renderer reads that much",
          "[arg_styles]") {
  int objects = 0;
  for (const ArgStyleTraits& row : arg_style_table()) {
    INFO("style " << static_cast<int>(row.style));
    if (!is_object(row.capture)) continue;
    ++objects;
    size_t size = row.capture.spec.max;
    CHECK(render(event_with(SR_READ_BYTES, std::string(size, '\0')), row.style).kind !=
          Kind::Pointer);
    // One byte short (a capture the kernel cut) is the pointer: nothing read past the capture.
    CHECK(render(event_with(SR_READ_BYTES, std::string(size - 1, '\0')), row.style).kind ==
          Kind::Pointer);
  }
  CHECK(objects > 10);
}

TEST_CASE("recipes name arguments relative to their own, and only ones that exist",
          "[arg_styles]") {
  for (const ArgStyleTraits& row : arg_style_table()) {
    INFO("style " << static_cast<int>(row.style));
    if (row.capture.empty()) continue;
    const sr_capture_spec& s = row.capture.spec;
    CHECK(s.read <= SR_READ_LAST);
    if (s.address != SR_ADDR_STACK) CHECK(s.addr_arg == 0);  // the argument itself
    CHECK(s.len_arg <= 1);                                    // itself or the next one
    CHECK(s.max <= SR_CAP_MAX);
    // Exit conditions only mean something at exit.
    if (s.when == SR_AT_ENTER) CHECK(s.cond == SR_IF_ALWAYS);
    // A length from the return value exists only once the call returned without error.
    if (s.length == SR_LEN_RET) CHECK((s.cond == SR_IF_OK || s.cond == SR_IF_POSITIVE));
  }
  // Made absolute for argument 2: address at 2, length at 3.
  sr_capture_spec write_buf = arg_style(ArgStyle::BufferIn).capture.relative_to(2);
  CHECK(write_buf.addr_arg == 2);
  CHECK(write_buf.len_arg == 3);
  CHECK(write_buf.length == SR_LEN_ARG);
}

TEST_CASE("exit-side captures are the at_exit styles, printed as pointers before the return",
          "[arg_styles]") {
  for (const ArgStyleTraits& row : arg_style_table()) {
    INFO("style " << static_cast<int>(row.style));
    if (!row.capture.empty()) {
      CHECK(row.at_exit == row.capture.is_exit());
    } else if (row.at_exit) {
      CHECK(is_listed_exit_output(row.style));
      REQUIRE(row.borrows);
      CHECK(arg_style(*row.borrows).capture.is_exit());
    }
    if (!known_at_exit(row.style)) continue;
    SyscallEvent enter = event_with(read_primitive(row.style), std::string(256, '\0'));
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
    if (row.borrows) {
      CHECK(row.capture.empty());
      CHECK_FALSE(arg_style(*row.borrows).capture.empty());
    }
    if (!row.ref) continue;
    const ArgStyleTraits& target = arg_style(*row.ref);
    CHECK(target.style != row.style);
    CHECK_FALSE(reads_capture(target.style));  // its value is a register
    CHECK_FALSE(target.ref);
  }
}
