#include "export/export_writer.h"

#include "export/format_writers.h"

namespace sysray::exporter {

std::unique_ptr<ExportWriter> make_writer(const std::string& format, std::ostream& out,
                                          FoldedWeight weight) {
  if (format == "firefox") return make_firefox_writer(out);
  if (format == "perfetto") return make_perfetto_writer(out);
  if (format == "chrome") return make_chrome_writer(out);
  if (format == "folded") return make_folded_writer(out, weight);
  if (format == "speedscope") return make_speedscope_writer(out);
  return nullptr;
}

const char* writer_names() { return "firefox, perfetto, chrome, folded, speedscope"; }

nlohmann::json call_fields(const CallRecord& call) {
  nlohmann::json fields{{"args", call.args}};
  fields["ret"] = call.ret ? nlohmann::json(*call.ret) : nlohmann::json(nullptr);
  if (!call.error.empty()) fields["errno"] = call.error;
  return fields;
}

}  // namespace sysray::exporter
