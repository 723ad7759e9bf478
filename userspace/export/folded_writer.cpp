// Brendan Gregg's folded stacks for flamegraph.pl, inferno and speedscope:
// `comm;outermost;...;innermost;syscall WEIGHT`, one line per distinct stack, sorted. Memory grows
// with the distinct stacks only.
#include <map>

#include "export/format_writers.h"
#include "export/stack_table.h"
#include "format/folded_frame.h"

namespace sysray::exporter {
namespace {

class FoldedWriter : public ExportWriter {
 public:
  FoldedWriter(std::ostream& out, FoldedWeight weight) : out_(out), weight_(weight) {}

  void add(const CallRecord& call) override {
    std::string key = folded_frame(call.comm);
    for (const auto& frame : stack_with_call(call.stack, call.name)) key += ";" + folded_frame(frame);
    weights_[key] += weight_ == FoldedWeight::Time ? call.dur_ns : 1;
  }

  void finish() override {
    for (const auto& [stack, weight] : weights_) out_ << stack << ' ' << weight << '\n';
  }

 private:
  std::ostream& out_;
  FoldedWeight weight_;
  std::map<std::string, int64_t> weights_;
};

}  // namespace

std::unique_ptr<ExportWriter> make_folded_writer(std::ostream& out, FoldedWeight weight) {
  return std::make_unique<FoldedWriter>(out, weight);
}

}  // namespace sysray::exporter
