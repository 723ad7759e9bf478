// A name as one frame of Brendan Gregg's folded stacks (`comm;outer;...;inner COUNT`), shared by
// `export --format folded` and `funccount --folded`.
#pragma once
#include <string>

namespace sysray {

// ';' separates frames and a line ends at '\n': neither may appear inside a frame.
inline std::string folded_frame(std::string name) {
  for (char& c : name)
    if (c == ';' || c == '\n') c = '_';
  return name;
}

}  // namespace sysray
