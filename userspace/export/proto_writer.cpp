#include "export/proto_writer.h"

namespace sysray::exporter {

void ProtoMessage::raw_varint(uint64_t value) {
  while (value >= 0x80) {
    data_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  data_.push_back(static_cast<char>(value));
}

ProtoMessage& ProtoMessage::varint(uint32_t field, uint64_t value) {
  raw_varint(uint64_t{field} << 3 | 0);  // wire type 0: varint
  raw_varint(value);
  return *this;
}

ProtoMessage& ProtoMessage::bytes(uint32_t field, std::string_view value) {
  raw_varint(uint64_t{field} << 3 | 2);  // wire type 2: length-delimited
  raw_varint(value.size());
  data_.append(value);
  return *this;
}

}  // namespace sysray::exporter
