// `sysray export`'s input: JSON Lines as trace --json and sockets --json write them, read line by
// line into calls (whatever the file holds: a bad line is warned about and skipped), and each
// call handed to every export format's writer.
#include <memory>
#include <sstream>
#include <vector>

#include "export/export_writer.h"
#include "export/jsonl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sysray::exporter;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out;
  std::vector<std::unique_ptr<ExportWriter>> writers;
  for (const char* format : {"firefox", "perfetto", "chrome", "folded", "speedscope"})
    writers.push_back(make_writer(format, out, FoldedWeight::Count));
  JsonlReader reader(in, "fuzz.jsonl", 0);
  reader.read_all([&](const CallRecord& call) {
    for (auto& w : writers) w->add(call);
  });
  for (auto& w : writers) w->finish();
  return 0;
}
