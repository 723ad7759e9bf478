// `sysray features` output: what the kernel supports and what each command will use, as text
// or as one JSON object.
#pragma once
#include <string>
#include <vector>

#include <fmt/format.h>

#include "kernel/features.h"

namespace sysray {

// What one command (or pair of commands) attaches with on this kernel.
struct FeatureChoice {
  std::string command;         // "trace, count"
  std::string uses;            // "tp_btf"
  std::string why_not_better;  // "" when the best option is in use
};

void append_features_text(fmt::memory_buffer& buf, const Features& f,
                          const std::vector<FeatureChoice>& choices);

// {"type":"features","kernel":...,"features":{NAME:{"available":...}},"lockdown":...,
// "capabilities":{...},"commands":{COMMAND:{"uses":...}}}, keys sorted, and a newline.
void append_features_json(fmt::memory_buffer& buf, const Features& f,
                          const std::vector<FeatureChoice>& choices);

}  // namespace sysray
