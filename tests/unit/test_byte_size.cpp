#include <catch2/catch.hpp>

#include "cli/byte_size.h"
#include "util/user_error.h"

using sysray::parse_byte_size;
using sysray::parse_ring_size;
using sysray::UserError;

TEST_CASE("byte sizes: plain numbers and K/M/G suffixes", "[cli]") {
  CHECK(parse_byte_size("4096", "-x", 0, 1u << 30) == 4096);
  CHECK(parse_byte_size("64K", "-x", 0, 1u << 30) == 65536);
  CHECK(parse_byte_size("16m", "-x", 0, 1u << 30) == 16u << 20);
  CHECK(parse_byte_size("1G", "-x", 0, 1u << 30) == 1u << 30);
}

TEST_CASE("byte sizes: bad text and out-of-range values name the option and the text", "[cli]") {
  for (const char* bad : {"", "K", "12Q", "-1", "2G", "1.5M", "0x10"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_byte_size(bad, "--buffer-size", 4096, 1u << 30),
                      std::string("invalid --buffer-size value '") + bad +
                          "': expected a size from 4096 to 1073741824 bytes (K, M, G suffixes allowed)");
  }
  CHECK_THROWS_AS(parse_byte_size("1K", "-x", 4096, 1u << 30), UserError);
}

TEST_CASE("ring sizes are powers of two from 4 KiB to 1 GiB", "[cli]") {
  CHECK(parse_ring_size("4K") == 4096);
  CHECK(parse_ring_size("16M") == 16u << 20);
  CHECK_THROWS_WITH(parse_ring_size("48K"),
                    "invalid --buffer-size value '48K': must be a power of two (e.g. 64K, 16M)");
  CHECK_THROWS_AS(parse_ring_size("2K"), UserError);
}
