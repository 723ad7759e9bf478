// RFC 4648's test vectors for capture --json's base64.
#include <catch2/catch.hpp>

#include "format/base64.h"

TEST_CASE("base64: RFC 4648 test vectors and bytes above 0x7f") {
  auto enc = [](std::string_view s) {
    fmt::memory_buffer b;
    sysray::append_base64(b, s);
    return fmt::to_string(b);
  };
  CHECK(enc("") == "");
  CHECK(enc("f") == "Zg==");
  CHECK(enc("fo") == "Zm8=");
  CHECK(enc("foo") == "Zm9v");
  CHECK(enc("foob") == "Zm9vYg==");
  CHECK(enc("fooba") == "Zm9vYmE=");
  CHECK(enc("foobar") == "Zm9vYmFy");
  CHECK(enc(std::string_view("\xff\xfe\x00", 3)) == "//4A");
}
