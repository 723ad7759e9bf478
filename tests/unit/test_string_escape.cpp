#include <catch2/catch.hpp>

#include <string>

#include "decode/string_escape.h"

using namespace sysray::decode;
using namespace std::string_literals;

TEST_CASE("quote_bytes: empty and plain text", "[escape]") {
  CHECK(quote_bytes("", false) == R"("")");
  CHECK(quote_bytes("", true) == R"(""...)");
  CHECK(quote_bytes("hello world ~", false) == R"("hello world ~")");
}

TEST_CASE("quote_bytes: C escapes for quotes, backslash and whitespace", "[escape]") {
  CHECK(quote_bytes("a\"b\\c", false) == R"("a\"b\\c")");
  CHECK(quote_bytes("\t\n\v\f\r", false) == R"("\t\n\v\f\r")");
  // \a and \b have no letter escape in strace: octal.
  CHECK(quote_bytes("\a\b", false) == R"("\7\10")");
}

TEST_CASE("quote_bytes: other bytes in the shortest octal", "[escape]") {
  CHECK(quote_bytes("\0"s, false) == R"("\0")");
  CHECK(quote_bytes("\x1b[0m", false) == R"("\33[0m")");
  CHECK(quote_bytes("\x7f\x80\xff", false) == R"("\177\200\377")");
}

TEST_CASE("quote_bytes: three octal digits before an octal digit only", "[escape]") {
  // Checked against strace 6.1: write(-1, "\0001\08\09\33a\377\0337", ...)
  CHECK(quote_bytes("\0"s "1", false) == R"("\0001")");
  CHECK(quote_bytes("\0"s "7", false) == R"("\0007")");
  CHECK(quote_bytes("\0"s "8", false) == R"("\08")");
  CHECK(quote_bytes("\0"s "9", false) == R"("\09")");
  CHECK(quote_bytes("\x1b" "7", false) == R"("\0337")");
  CHECK(quote_bytes("\xff" "0", false) == R"("\3770")");
  CHECK(quote_bytes("\x1b" "a", false) == R"("\33a")");
  CHECK(quote_bytes("\n1", false) == R"("\n1")");
}

TEST_CASE("quote_bytes: all 256 byte values, as strace 6.1 prints them", "[escape]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  CHECK(quote_bytes(all, false) ==
        R"("\0\1\2\3\4\5\6\7\10\t\n\v\f\r\16\17\20\21\22\23\24\25\26\27\30\31\32\33\34\35\36\37)"
        R"( !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~)"
        R"(\177\200\201\202\203\204\205\206\207\210\211\212\213\214\215\216\217\220\221\222\223\224)"
        R"(\225\226\227\230\231\232\233\234\235\236\237\240\241\242\243\244\245\246\247\250\251\252)"
        R"(\253\254\255\256\257\260\261\262\263\264\265\266\267\270\271\272\273\274\275\276\277\300)"
        R"(\301\302\303\304\305\306\307\310\311\312\313\314\315\316\317\320\321\322\323\324\325\326)"
        R"(\327\330\331\332\333\334\335\336\337\340\341\342\343\344\345\346\347\350\351\352\353\354)"
        R"(\355\356\357\360\361\362\363\364\365\366\367\370\371\372\373\374\375\376\377")");
}

TEST_CASE("quote_bytes: truncation appends ... after the closing quote", "[escape]") {
  CHECK(quote_bytes("hel", true) == R"("hel"...)");
  CHECK(quote_bytes("a\0"s, true) == R"("a\0"...)");
}

TEST_CASE("quote_c_string: stops at the first NUL", "[escape]") {
  CHECK(quote_c_string("/etc/passwd\0"s, false) == R"("/etc/passwd")");
  CHECK(quote_c_string("/a\0/b\0"s, false) == R"("/a")");
  CHECK(quote_c_string("\0"s "1", false) == R"("")");
  CHECK(quote_c_string("", false) == R"("")");
  CHECK(quote_c_string("/very/lo", true) == R"("/very/lo"...)");
  CHECK(quote_c_string("tab\there\0"s, false) == R"("tab\there")");
  // A digit after an escape inside the string still gets the long form.
  CHECK(quote_c_string("\x01" "2\0"s, false) == R"("\0012")");
}
