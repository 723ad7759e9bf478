// strace's -e status= syntax, and how -z/-Z narrow it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/status_filter.h"
#include "util/user_error.h"

using namespace sysray;

namespace {
StatusSet parse(std::vector<std::string> exprs, bool z = false, bool Z = false) {
  return parse_status_filters(exprs, z, Z);
}
}  // namespace

TEST_CASE("-e status= lists, negation, all and none", "[cli][status]") {
  CHECK(parse({}) == kStatusAll);
  CHECK(parse({"status=failed"}) == kStatusFailed);
  CHECK(parse({"status=successful,unfinished"}) == (kStatusSuccessful | kStatusUnfinished));
  CHECK(parse({"status=!failed"}) ==
        (kStatusSuccessful | kStatusUnfinished | kStatusUnavailable | kStatusDetached));
  CHECK(parse({"status=none"}) == 0);
  CHECK(parse({"status=all"}) == kStatusAll);
  CHECK(parse({"status=failed", "trace=read", "status=detached"}) == kStatusDetached);  // the last
  CHECK(parse({"status=failed,"}) == kStatusFailed);  // empty items are ignored, as in strace
}

TEST_CASE("-z and -Z are status=successful and status=failed", "[cli][status]") {
  CHECK(parse({}, true, false) == kStatusSuccessful);
  CHECK(parse({}, false, true) == kStatusFailed);
  CHECK(parse({"status=failed,unfinished"}, false, true) == kStatusFailed);
}

TEST_CASE("-e status= bad input", "[cli][status]") {
  CHECK_THROWS_WITH(parse({"status=ok"}),
                    "unknown status 'ok' in -e status=ok (known: successful failed unfinished "
                    "unavailable detached)");
  CHECK_THROWS_WITH(parse({"status=,"}), "empty status list in -e 'status=,'");
}
