// What every export format implements: calls come in input order, finish() writes what is left.
// The command picks a writer by name; nothing else branches on the format.
#pragma once
#include <memory>
#include <ostream>
#include <string>

#include "export/call_record.h"

namespace sysray::exporter {

class ExportWriter {
 public:
  virtual ~ExportWriter() = default;
  virtual void add(const CallRecord& call) = 0;
  virtual void finish() = 0;
};

enum class FoldedWeight { Count, Time };

// "firefox", "perfetto", "chrome", "folded", "speedscope"; nullptr for another name.
std::unique_ptr<ExportWriter> make_writer(const std::string& format, std::ostream& out,
                                          FoldedWeight weight);

// The names make_writer knows, for the error message.
const char* writer_names();

}  // namespace sysray::exporter
