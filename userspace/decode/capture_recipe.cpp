#include "decode/capture_recipe.h"

#include <fmt/format.h>

namespace sysray::decode {

namespace {

std::string read_name(uint8_t read) {
  switch (read) {
    case SR_READ_BYTES: return "bytes";
    case SR_READ_STRING: return "string";
    case SR_READ_ARGV: return "argv";
    case SR_READ_RECORDS: return "records";
  }
  return fmt::format("read{}", read);
}

std::string address(const sr_capture_spec& s) {
  switch (s.address) {
    case SR_ADDR_FIELD: return fmt::format("@field{}(arg{})", s.addr_off, s.addr_arg);
    case SR_ADDR_STACK: return fmt::format("@sp+{}", s.addr_off);
  }
  return fmt::format("@arg{}", s.addr_arg);
}

std::string length(const sr_capture_spec& s) {
  switch (s.length) {
    case SR_LEN_ARG: return fmt::format(" len=arg{}", s.len_arg);
    case SR_LEN_FIELD: return fmt::format(" len=field{}(arg{})", s.len_off, s.len_arg);
    case SR_LEN_RET: return " len=ret";
    case SR_LEN_RET_ITEMS: return fmt::format(" len=ret*{}", s.len_off);
  }
  return "";
}

std::string when(const sr_capture_spec& s) {
  if (s.when != SR_AT_EXIT) return "";
  switch (s.cond) {
    case SR_IF_OK: return " exit:ok";
    case SR_IF_POSITIVE: return " exit:positive";
    case SR_IF_RESTART: return " exit:restart";
  }
  return " exit";
}

}  // namespace

std::string describe(const sr_capture_spec& s) {
  if (s.read == SR_READ_NONE) return "";
  std::string out = read_name(s.read) + address(s) + length(s);
  if (s.read == SR_READ_ARGV) out += fmt::format(" envp=arg{}", s.len_arg);
  if (s.read == SR_READ_RECORDS) out += fmt::format(" reclen@{}", s.record_len_off);
  if (s.read == SR_READ_BYTES) out += s.max == SR_SNAPLEN ? " max=-s" : fmt::format(" max={}", s.max);
  return out + when(s);
}

}  // namespace sysray::decode
