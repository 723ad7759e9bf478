// Capture recipes (struct sr_capture_spec, events.h) written as sentences:
//   Read::bytes().at(1).length_arg(2)                      write's buffer, up to -s bytes
//   Read::bytes().at(2).length_field(3).max(128).at_exit(SR_IF_OK)   accept's peer address
// Each call sets one named field; what is not said keeps its zero default (address at an
// argument, length `max`, read at enter, copy up to -s). The traits table writes argument
// numbers relative to the argument itself (at(0) is "this argument", length_arg(1) "the next
// one"); assign_captures (syscall_semantics.cpp) makes them absolute with relative_to().
#pragma once
#include <cstdint>
#include <string>

#include "sysray/events.h"

namespace sysray::decode {

struct Read {
  sr_capture_spec spec{};

  static constexpr Read bytes() { return kind(SR_READ_BYTES); }
  static constexpr Read string() { return kind(SR_READ_STRING); }
  // execve's argv at the address; `envp_arg` is the argument whose entries are counted.
  static constexpr Read argv(uint8_t envp_arg) {
    Read r = kind(SR_READ_ARGV);
    r.spec.len_arg = envp_arg;
    return r;
  }
  // Counts records whose __u16 length is `len_off` bytes into each.
  static constexpr Read records(uint16_t len_off) {
    Read r = kind(SR_READ_RECORDS);
    r.spec.record_len_off = len_off;
    return r;
  }

  // Where the object is.
  constexpr Read at(uint8_t arg) const { return address(SR_ADDR_ARG, arg, 0); }
  constexpr Read through_field(uint8_t arg, uint16_t off) const {
    return address(SR_ADDR_FIELD, arg, off);
  }
  constexpr Read on_stack(uint16_t off) const { return address(SR_ADDR_STACK, 0, off); }

  // How long it is. `max` is also the most bytes copied (SR_SNAPLEN, the default: -s).
  constexpr Read size(uint16_t bytes) const { return length(SR_LEN_MAX, 0, 0).max(bytes); }
  constexpr Read length_arg(uint8_t arg) const { return length(SR_LEN_ARG, arg, 0); }
  constexpr Read length_field(uint8_t arg, uint16_t off = 0) const {
    return length(SR_LEN_FIELD, arg, off);
  }
  constexpr Read length_returned() const { return length(SR_LEN_RET, 0, 0); }
  // The return value counts items of `item_size` bytes (epoll_wait's events).
  constexpr Read items_returned(uint16_t item_size) const {
    return length(SR_LEN_RET_ITEMS, 0, item_size);
  }
  constexpr Read max(uint16_t bytes) const {
    Read r = *this;
    r.spec.max = bytes;
    return r;
  }

  // When: at exit, under `cond` (enum sr_cond).
  constexpr Read at_exit(uint8_t cond) const {
    Read r = *this;
    r.spec.when = SR_AT_EXIT;
    r.spec.cond = cond;
    return r;
  }

  constexpr bool empty() const { return spec.read == SR_READ_NONE; }
  constexpr bool is_exit() const { return spec.when == SR_AT_EXIT; }

  // The recipe for argument `arg`, its argument numbers made absolute.
  constexpr sr_capture_spec relative_to(uint8_t arg) const {
    sr_capture_spec s = spec;
    if (s.address != SR_ADDR_STACK) s.addr_arg += arg;
    bool len_arg_used = s.length == SR_LEN_ARG || s.length == SR_LEN_FIELD || s.read == SR_READ_ARGV;
    if (len_arg_used) s.len_arg += arg;
    return s;
  }

 private:
  static constexpr Read kind(uint8_t read) {
    Read r;
    r.spec.read = read;
    return r;
  }
  constexpr Read address(uint8_t how, uint8_t arg, uint16_t off) const {
    Read r = *this;
    r.spec.address = how;
    r.spec.addr_arg = arg;
    r.spec.addr_off = off;
    return r;
  }
  constexpr Read length(uint8_t how, uint8_t arg, uint16_t off) const {
    Read r = *this;
    r.spec.length = how;
    r.spec.len_arg = arg;
    r.spec.len_off = off;
    return r;
  }
};

// A recipe in one line, for tests and debugging: "bytes@arg1 len=arg2 max=-s",
// "bytes@field0(arg1) len=field8(arg1) max=128 exit:ok", "" for an unused slot.
std::string describe(const sr_capture_spec& spec);

}  // namespace sysray::decode
