// `sysray export --format firefox|perfetto|chrome|folded|speedscope [--weight count|time]
// [-o OUT] IN.jsonl`: converts what `trace --json` and `sockets --json` wrote for profilers and
// timeline viewers (docs/EXPORT.md).
#pragma once
#include <string>

namespace CLI {
class App;
}

namespace sysray {

struct ExportOptions {
  std::string format;           // --format, validated by run_export
  std::string weight = "count"; // --weight count|time: folded's number per stack
  std::string output;           // -o; stdout when empty
  std::string input;            // IN.jsonl; "-" for stdin
};

// Registers the `export` subcommand and its options on `app`.
CLI::App* add_export_command(CLI::App& app, ExportOptions& opts);

int run_export(const ExportOptions& opts);

}  // namespace sysray
