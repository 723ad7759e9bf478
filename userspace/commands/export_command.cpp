#include "commands/export_command.h"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <fstream>
#include <iostream>

#include "export/export_writer.h"
#include "export/jsonl_reader.h"
#include "util/errno_text.h"
#include "util/message.h"
#include "util/user_error.h"

namespace sysray {

namespace {

// A line on stderr every so many bytes read: long conversions show they are moving.
constexpr uint64_t kProgressBytes = 64ull << 20;

exporter::FoldedWeight parse_weight(const std::string& weight) {
  if (weight == "count") return exporter::FoldedWeight::Count;
  if (weight == "time") return exporter::FoldedWeight::Time;
  throw UserError("invalid --weight value '" + weight + "': expected count or time");
}

}  // namespace

CLI::App* add_export_command(CLI::App& app, ExportOptions& o) {
  auto* cmd = app.add_subcommand(
      "export", "Convert trace/sockets JSON Lines for Firefox Profiler, Perfetto, Chrome tracing, "
                "flame graphs or speedscope");
  cmd->add_option("--format", o.format, "firefox, perfetto, chrome, folded or speedscope")->required();
  cmd->add_option("--weight", o.weight, "folded: count calls (default) or time spent in them");
  cmd->add_option("-o,--output", o.output, "Write to FILE (default: stdout)");
  cmd->add_option("input", o.input, "The JSON Lines file (- for stdin)")->required();
  return cmd;
}

int run_export(const ExportOptions& opts) {
  exporter::FoldedWeight weight = parse_weight(opts.weight);
  if (opts.weight != "count" && opts.format != "folded")
    throw UserError("--weight applies to --format folded only");

  std::ifstream file;
  std::istream* in = &std::cin;
  std::string source = "stdin";
  if (opts.input != "-") {
    file.open(opts.input, std::ios::binary);
    if (!file) throw UserError("cannot read '" + opts.input + "': " + errno_text(errno));
    in = &file;
    source = opts.input;
  }
  std::ofstream out_file;
  std::ostream* out = &std::cout;
  if (!opts.output.empty()) {
    out_file.open(opts.output, std::ios::binary | std::ios::trunc);
    if (!out_file) throw UserError("cannot write '" + opts.output + "': " + errno_text(errno));
    out = &out_file;
  }
  auto writer = exporter::make_writer(opts.format, *out, weight);
  if (!writer)
    throw UserError("invalid --format value '" + opts.format + "': expected one of " +
                    exporter::writer_names());

  exporter::JsonlReader reader(*in, source, kProgressBytes);
  auto stats = reader.read_all([&](const exporter::CallRecord& call) { writer->add(call); });
  writer->finish();
  out->flush();
  if (!*out) throw UserError("writing the " + opts.format + " output failed", kExitRefused);
  if (stats.bad_lines) {
    print_message("{} of {} lines of {} were not sysray JSON; the other {} calls were converted",
                  stats.bad_lines, stats.lines, source, stats.calls);
    return kExitBadInput;
  }
  if (stats.calls == 0) print_message("no syscall or socket objects in {}: the output is empty", source);
  return 0;
}

}  // namespace sysray
