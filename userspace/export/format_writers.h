// The writers, one file each; make_writer() in export_writer.cpp picks one by name.
#pragma once
#include <nlohmann/json.hpp>

#include "export/export_writer.h"

namespace sysray::exporter {

std::unique_ptr<ExportWriter> make_chrome_writer(std::ostream& out);
std::unique_ptr<ExportWriter> make_firefox_writer(std::ostream& out);
std::unique_ptr<ExportWriter> make_perfetto_writer(std::ostream& out);
std::unique_ptr<ExportWriter> make_folded_writer(std::ostream& out, FoldedWeight weight);
std::unique_ptr<ExportWriter> make_speedscope_writer(std::ostream& out);

// What the JSON formats attach to a call: "args", "ret" (null when it never returned), and
// "errno" when it failed.
nlohmann::json call_fields(const CallRecord& call);

}  // namespace sysray::exporter
