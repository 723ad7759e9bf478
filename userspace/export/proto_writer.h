// The protobuf wire format, the little of it a Perfetto trace needs: varints and
// length-delimited fields. A nested message is built in its own ProtoMessage and added whole.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace sysray::exporter {

class ProtoMessage {
 public:
  ProtoMessage& varint(uint32_t field, uint64_t value);
  ProtoMessage& bytes(uint32_t field, std::string_view value);
  ProtoMessage& message(uint32_t field, const ProtoMessage& nested) {
    return bytes(field, nested.data());
  }
  const std::string& data() const { return data_; }

 private:
  void raw_varint(uint64_t value);
  std::string data_;
};

}  // namespace sysray::exporter
