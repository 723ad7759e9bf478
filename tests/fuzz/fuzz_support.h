// What the libFuzzer targets (tests/fuzz/fuzz_*.cpp) share: a cursor that splits one input into
// fields, a Capture built from input bytes, the decoder, and the text and JSON Outputs that
// `sysray trace` prints with, so that every target runs the same code the tool runs on the
// bytes a traced process (or a Go binary, or a recording) handed us.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "decode/arg_decoder.h"
#include "decode/syscall_table.h"
#include "format/json_format.h"
#include "format/output.h"
#include "stacks/go_pclntab.h"
#include "trace/syscall_event.h"

namespace sysray::fuzz {

// Reads fields off the front of the input; past its end every field reads as zero, so that
// short inputs still reach the code under test.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  template <typename T>
  T take() {
    T v{};
    size_t n = std::min(sizeof(T), size_);
    std::memcpy(&v, data_, n);
    skip(n);
    return v;
  }
  std::string take_string(size_t n) {
    n = std::min(n, size_);
    std::string s(reinterpret_cast<const char*>(data_), n);
    skip(n);
    return s;
  }
  std::string rest() { return take_string(size_); }
  size_t left() const { return size_; }

 private:
  void skip(size_t n) {
    data_ += n;
    size_ -= n;
  }
  const uint8_t* data_;
  size_t size_;
};

// A capture slot as parse_syscall_record fills it: a flags byte (enum sr_capture_flags), the
// object's full length (4 bytes), then the captured bytes. `read` is the primitive the decoder
// under test expects (the record target covers captures of the wrong kind). `readable`: without
// SR_CAPF_FAULT, as readable_capture() hands captures to their renderers.
inline Capture take_capture(Bytes& in, uint8_t read, bool readable = true) {
  Capture c;
  c.read = read;
  c.flags = in.take<uint8_t>();
  if (readable) c.flags &= ~SR_CAPF_FAULT;
  c.full_len = in.take<uint32_t>();
  c.data = in.rest();
  return c;
}

// Every syscall the kernel headers name, with the built-in signatures: no tracefs, so that a
// crash reproduces on any machine.
inline const decode::ArgDecoder& decoder() {
  static const decode::ArgDecoder d(decode::SyscallTable::builtin());
  return d;
}

inline const Output& text_output() {
  static const std::unique_ptr<Output> out = make_text_output({});
  return *out;
}

inline const Output& json_output() {
  static const std::unique_ptr<Output> out = make_json_output({});
  return *out;
}

// The three ways trace prints a call (whole, unfinished, resumed), in text and JSON.
inline void print_call(const SyscallEvent& ev) {
  static std::vector<decode::DecodedArg> args;  // reused, as trace reuses its own
  decoder().decode(ev, args);
  fmt::memory_buffer buf;
  std::string_view name = decoder().name(ev.nr);
  for (const Output* out : {&text_output(), &json_output()}) {
    out->syscall(buf, ev, args, name);
    out->syscall_unfinished(buf, ev, args, name);
    out->syscall_resumed(buf, ev, args, name);
  }
}

// One rendered argument as both formats write it: its text, and its JSON value.
inline void print_arg(const decode::DecodedArg& arg) {
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf), "{}", arg.text);
  append_json_arg(buf, arg);
}

// Every lookup trace -k's symbolizer and inflight's Go unwinder make in a Go function table
// (names, entries, source lines, frame sizes), at addresses in and around its first functions:
// bounded, as a table may claim as many functions as it has bytes.
inline void walk_go_table(const stacks::GoPclntab& table) {
  size_t n = std::min<size_t>(table.function_count(), 64);
  for (size_t i = 0; i < n; ++i) {
    auto f = table.function(i);
    if (!f) continue;
    for (uint64_t pc : {f->entry, f->entry + (f->end - f->entry) / 2, f->end - 1, f->end}) {
      table.lookup(pc);
      table.source_line(pc);
      table.frame_size(pc);
      // inflight's inline expansion: the tree's index and where the tree is, then the name an
      // entry would give.
      if (auto ix = table.pcdata_value(pc, stacks::GoPclntab::kPcdataInlTreeIndex))
        table.name_at(static_cast<uint32_t>(*ix));
      if (auto off = table.funcdata_offset(pc, stacks::GoPclntab::kFuncdataInlTree))
        table.name_at(*off);
    }
  }
  table.lookup(table.text_begin() - 1);
  table.lookup(table.text_end());
}

}  // namespace sysray::fuzz
