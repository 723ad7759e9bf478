// The Go version a binary was built with, as `go version FILE` reads it: from the
// .go.buildinfo section, which `-ldflags=-s -w` and `strip` keep.
#pragma once
#include <libelf.h>

#include <optional>
#include <string>

namespace sysray {

// "go1.19.8"; nullopt when the binary has no .go.buildinfo, or one in the format of Go
// releases before 1.18 (pointers instead of inline strings).
std::optional<std::string> go_build_version(Elf* elf);

}  // namespace sysray
