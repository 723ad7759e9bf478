// Reads a text file line by line in large chunks, without a string per line: /proc/kallsyms
// has ~150 000 lines, and reading it through iostreams took seconds under QEMU's TCG.
#pragma once
#include <functional>
#include <string_view>

namespace sysray {

// Calls `line` with each line of `path`, without its newline (a view valid during the call).
// Files of procfs and tracefs report size 0, so it reads until EOF. False when `path` cannot
// be opened.
bool for_each_line(const char* path, const std::function<void(std::string_view)>& line);

}  // namespace sysray
