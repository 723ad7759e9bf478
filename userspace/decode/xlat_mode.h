// strace's -X: how named constants print. abbrev (the default) prints the names, raw the
// numbers, verbose both ("0x80000 /* O_RDONLY|O_CLOEXEC */"). sysray applies it to the
// arguments themselves (flags, modes, AT_FDCWD, clone's named flags); fields inside structs
// stay named.
#pragma once
#include <string_view>
#include <vector>

#include "decode/arg_decoder.h"

namespace sysray::decode {

enum class XlatMode { Abbrev, Raw, Verbose };

// "abbrev", "raw", "verbose"; throws UserError for anything else:
//   unknown -X 'ful' (known: raw abbrev verbose)
XlatMode parse_xlat_mode(std::string_view name);

// Rewrites the text of each symbolic argument of `args` for `mode` (nothing for Abbrev).
void apply_xlat_mode(XlatMode mode, std::vector<DecodedArg>& args);

}  // namespace sysray::decode
